// The CDK app from its options (bin/recipe-api.ts reads them from the context;
// the tests pass their own).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { DatabaseChoice } from './database.ts';
import { readManifest } from './manifest.ts';
import { projectRoot } from './ops-bundle.ts';
import { RecipeApiStack } from './recipe-api-stack.ts';

export interface AppOptions {
  readonly manifest: string;
  readonly opsBundle: string;
  readonly database: DatabaseChoice;
  readonly architecture: 'x86_64' | 'arm64';
  readonly mediaCdn: boolean;
  readonly logRetentionDays: number;
  readonly stackName: string;
  readonly secretsVersion?: string;
  readonly outdir?: string;
}

export function buildApp(options: AppOptions, app: App = new App(options.outdir === undefined ? {} : { outdir: options.outdir })): { app: App; stack: Stack } {
  const stack = new RecipeApiStack(app, options.stackName, {
    description: 'The recipe API: API Gateway HTTP API, one Lambda per function, S3 media, PostgreSQL',
    functions: readManifest(options.manifest),
    opsBundle: options.opsBundle,
    migrationsVersion: migrationsVersion(),
    database: options.database,
    architecture: options.architecture === 'arm64' ? lambda.Architecture.ARM_64 : lambda.Architecture.X86_64,
    mediaCdn: options.mediaCdn,
    logRetention: retention(options.logRetentionDays),
    secretsVersion: options.secretsVersion ?? '1',
  });
  return { app, stack };
}

/** A hash of db/migrations/: the custom resource runs again when it changes. */
export function migrationsVersion(): string {
  const folder = path.join(projectRoot, 'db', 'migrations');
  const hash = createHash('sha256');
  for (const file of readdirSync(folder).sort()) hash.update(file).update(readFileSync(path.join(folder, file)));
  return hash.digest('hex').slice(0, 16);
}

function retention(days: number): logs.RetentionDays {
  const known = Object.values(logs.RetentionDays).filter((value): value is logs.RetentionDays => typeof value === 'number');
  const match = known.find((value) => value === days);
  if (match === undefined) throw new Error(`logRetentionDays: ${days} is not one of CloudWatch's retention periods (${known.join(', ')})`);
  return match;
}
