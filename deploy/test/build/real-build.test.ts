// The template from the project's own build: `npm run build` in the project
// root first, then `npm run test:build` here checks the CDK app against what
// it really deploys.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../lib/app.ts';
import { configuredFunctionNames } from '../../lib/function-settings.ts';
import { readManifest } from '../../lib/manifest.ts';
import { projectRoot } from '../../lib/ops-bundle.ts';
import { apiGatewayPath } from '../../lib/routes.ts';
import { writeFixtureOpsBundle } from '../fixture.ts';

const manifest = path.join(projectRoot, 'dist', 'functions', 'manifest.json');
// Fails with "run `npm run build` in the project root first" when there is no build.
const built = readManifest(manifest);

describe('the real build (dist/functions/manifest.json)', () => {
  const { stack } = buildApp({
    manifest,
    opsBundle: writeFixtureOpsBundle(),
    database: { kind: 'create' },
    architecture: 'x86_64',
    mediaCdn: false,
    logRetentionDays: 30,
    stackName: 'RecipeApi',
  });
  const template = Template.fromStack(stack);

  it('gets one Lambda per function and exactly the routes of their paths', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } }));
    assert.equal(functions.length, built.length + 1); // and the ops function
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((route) => (route as { Properties: { RouteKey: string } }).Properties.RouteKey);
    const expected = [...new Set(built.flatMap(({ paths }) => paths.map((p) => `ANY ${apiGatewayPath(p)}`)))];
    assert.deepEqual(routes.sort(), expected.sort());
  });

  it('sizes and grants only functions that exist: every name in function-settings.ts is in the build', () => {
    const names = new Set(built.map(({ name }) => name));
    for (const name of configuredFunctionNames()) assert.ok(names.has(name), `${name} is configured but not built`);
  });
});
