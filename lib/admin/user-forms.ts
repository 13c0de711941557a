// The admin's user forms: the API's field rules (lib/http/user-fields.ts),
// plus the password confirmation.
import { z } from '@hono/zod-openapi';
import { charField, passwordField } from '../http/fields.ts';
import { passwordLimits, uniqueEmail } from '../http/user-fields.ts';

const mismatch = 'The two password fields didn’t match.';

function confirmed<Shape extends z.ZodRawShape>(shape: Shape, password: string, confirmation: string) {
  return z.object(shape).superRefine((form, ctx) => {
    const values = form as Record<string, unknown>;
    if (typeof values[password] === 'string' && values[password] !== values[confirmation]) {
      ctx.addIssue({ code: 'custom', path: [confirmation], message: mismatch });
    }
  });
}

export function addUserForm() {
  return confirmed(
    {
      email: uniqueEmail(),
      password: passwordField(passwordLimits),
      password_confirmation: z.string({ error: 'This field is required.' }),
      name: charField({ maxLength: 255 }),
    },
    'password',
    'password_confirmation',
  );
}

export function editUserForm(userId: number) {
  return z.object({ email: uniqueEmail(userId), name: charField({ maxLength: 255 }) });
}

export function passwordForm() {
  return confirmed(
    { new_password: passwordField(passwordLimits), new_password_confirmation: z.string({ error: 'This field is required.' }) },
    'new_password',
    'new_password_confirmation',
  );
}
