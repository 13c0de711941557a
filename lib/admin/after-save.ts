// Where an add or edit form leads once saved, by the button pressed, and
// the message shown there (Django's response_add / response_change).
import type { Context } from 'hono';
import type { AppEnv } from '../http/app.ts';
import type { Body } from '../http/body.ts';
import { flash } from './messages.ts';

export interface SavedObject {
  /** "recipe", "tag", … */
  readonly kind: string;
  /** How the object is called ("Leek soup"). */
  readonly name: string;
  readonly listPath: string;
  readonly addPath: string;
  readonly editPath: string;
}

/** The redirect after saving `saved`; `added` when it was new. */
export function afterSave(c: Context<AppEnv>, form: Body, saved: SavedObject, added: boolean): Response {
  const done = `The ${saved.kind} “${saved.name}” was ${added ? 'added' : 'changed'} successfully.`;
  if (form._continue !== undefined) {
    flash(c, `${done} You may edit it again below.`);
    return c.redirect(saved.editPath, 302);
  }
  if (form._addanother !== undefined) {
    flash(c, `${done} You may add another ${saved.kind} below.`);
    return c.redirect(saved.addPath, 302);
  }
  flash(c, done);
  return c.redirect(saved.listPath, 302);
}
