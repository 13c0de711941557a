// Migrations as a deploy step: a custom resource invokes the ops function
// (lib/ops-bundle.ts) on every deploy whose migrations changed, and the API's
// functions depend on it, so CloudFormation updates them only after the
// schema is in place. A failed migration fails the deploy, which rolls back.
import { CustomResource } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

export class Migrations extends Construct {
  constructor(scope: Construct, id: string, props: { ops: lambda.IFunction; version: string }) {
    super(scope, id);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: props.ops,
      logGroup: new logs.LogGroup(this, 'ProviderLog', { retention: logs.RetentionDays.ONE_MONTH }),
    });
    new CustomResource(this, 'Run', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::RecipeApiMigrations',
      properties: { version: props.version },
    });
  }
}
