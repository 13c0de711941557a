// `npx cdk synth|deploy|diff` (cdk.json runs this). Options come from the
// context (`-c name=value` or cdk.json):
//   manifest              the function manifest (default ../dist/functions/manifest.json)
//   databaseUrlSecretArn  an existing database: the complete ARN of a secret holding DATABASE_URL;
//                         unset → a new RDS PostgreSQL behind RDS Proxy
//   architecture          x86_64 (default) or arm64, as the bundles' native addons were built
//   mediaCdn              true → images served by CloudFront (MEDIA_URL)
//   logRetentionDays      CloudWatch Logs retention (default 30)
//   stackName             default RecipeApi
//   secretsVersion        change it (1, 2, …) after rotating a secret: every instance restarts and reads it again
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app.ts';
import { buildOpsBundle, projectRoot } from '../lib/ops-bundle.ts';

const app = new App();
const option = (name: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(name);
  return value === undefined || value === '' ? undefined : String(value);
};

const architecture = option('architecture') ?? 'x86_64';
if (architecture !== 'x86_64' && architecture !== 'arm64') throw new Error(`architecture: expected x86_64 or arm64, not ${architecture}`);
const databaseUrlSecretArn = option('databaseUrlSecretArn');

buildApp(
  {
    manifest: path.resolve(option('manifest') ?? path.join(projectRoot, 'dist', 'functions', 'manifest.json')),
    opsBundle: buildOpsBundle(path.join(import.meta.dirname, '..', '.build', 'ops')),
    database: databaseUrlSecretArn === undefined ? { kind: 'create' } : { kind: 'existing', urlSecretArn: databaseUrlSecretArn },
    architecture,
    mediaCdn: option('mediaCdn') === 'true',
    logRetentionDays: Number(option('logRetentionDays') ?? 30),
    stackName: option('stackName') ?? 'RecipeApi',
    secretsVersion: option('secretsVersion') ?? '1',
  },
  app,
);
app.synth();
