// The operations function: not behind the API, run by the deployment and by
// an operator with `aws lambda invoke`.
// - A CloudFormation custom resource event (Create/Update): applies every
//   pending migration, before the API's functions are updated (they depend on
//   it), so new code never meets an old schema. Delete does nothing.
// - {"createSuperuser": {"email": "...", "password": "...", "name": "..."}}:
//   creates a superuser, as `npm run createsuperuser` does.
import { createSuperuserFromArguments } from '../../lib/cli/superuser.ts';
import { closeDb, getDb } from '../../lib/database/pool.ts';
import { createMigrator, migrateToLatest } from '../../lib/database/migrator.ts';

interface CustomResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
}

interface CreateSuperuserEvent {
  readonly createSuperuser: { readonly email: string; readonly password: string; readonly name?: string };
}

const physicalResourceId = 'recipe-api-migrations';

export async function handler(event: CustomResourceEvent | CreateSuperuserEvent): Promise<unknown> {
  try {
    if ('createSuperuser' in event) {
      const { email, password, name } = event.createSuperuser;
      const user = await createSuperuserFromArguments(getDb(), { email, name }, password);
      return { created: user.email };
    }
    if (event.RequestType !== 'Delete') await migrateToLatest(createMigrator(getDb()));
    return { PhysicalResourceId: event.PhysicalResourceId ?? physicalResourceId };
  } finally {
    // One run per invocation: no connection is left for a frozen sandbox.
    await closeDb();
  }
}
