// The synthesized template, from a fixture build: what it deploys and, as
// much, what it does not expose.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { type AppOptions, buildApp } from '../lib/app.ts';
import { apiGatewayPath } from '../lib/routes.ts';
import { fixtureFunctions, writeFixtureBuild, writeFixtureOpsBundle } from './fixture.ts';

const manifest = writeFixtureBuild();
const opsBundle = writeFixtureOpsBundle();

function synth(options: Partial<AppOptions> = {}): Template {
  const { stack } = buildApp({
    manifest,
    opsBundle,
    database: { kind: 'create' },
    architecture: 'x86_64',
    mediaCdn: false,
    logRetentionDays: 30,
    stackName: 'RecipeApi',
    ...options,
  });
  return Template.fromStack(stack);
}

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };

function resources(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type)) as [string, Resource][];
}

/** The manifest's functions in the template: the ones with our handler and code, other than the ops function. */
function apiFunctions(template: Template): [string, Resource][] {
  return resources(template, 'AWS::Lambda::Function').filter(([id, { Properties }]) => Properties.Handler === 'index.handler' && !id.startsWith('Ops'));
}

const template = synth();

describe('one Lambda per manifest function', () => {
  it('deploys each function once, on Node 24, x86_64 (the bundles carry x64 addons), with its handler', () => {
    const functions = apiFunctions(template);
    assert.deepEqual(functions.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort(), ['AdminUsers', 'HealthCheck', 'RecipeDetail', 'RecipeUploadImage', 'StaticMedia', 'UserMe']);
    for (const [, { Properties }] of functions) {
      assert.equal(Properties.Runtime, 'nodejs24.x');
      assert.deepEqual(Properties.Architectures, ['x86_64']);
    }
  });

  it('sizes the upload for sharp and the hashing functions for Argon2, every other one small', () => {
    const memory = Object.fromEntries(apiFunctions(template).map(([id, { Properties }]) => [id.replace(/[0-9A-F]{8}$/, ''), [Properties.MemorySize, Properties.Timeout]]));
    assert.deepEqual(memory.RecipeUploadImage, [1769, 29]);
    assert.deepEqual(memory.UserMe, [1024, 10]);
    assert.deepEqual(memory.HealthCheck, [512, 10]);
  });

  it('builds arm64 functions when the bundles are built for arm64', () => {
    for (const [, { Properties }] of apiFunctions(synth({ architecture: 'arm64' }))) assert.deepEqual(Properties.Architectures, ['arm64']);
  });
});

describe('routes: each manifest path, nothing else', () => {
  const expected = fixtureFunctions.flatMap(({ paths }) => paths.map((p) => `ANY ${apiGatewayPath(p)}`)).sort();

  it('has exactly one route per path of the manifest, and no catch-all', () => {
    const keys = resources(template, 'AWS::ApiGatewayV2::Route').map(([, { Properties }]) => Properties.RouteKey as string);
    assert.deepEqual(keys.sort(), expected);
    assert.ok(!keys.includes('$default'));
  });

  it('sends each route to the function that declares it', () => {
    const integrations = new Map(resources(template, 'AWS::ApiGatewayV2::Integration').map(([id, { Properties }]) => [id, JSON.stringify(Properties.IntegrationUri)]));
    for (const [, { Properties }] of resources(template, 'AWS::ApiGatewayV2::Route')) {
      const integrationId = JSON.stringify(Properties.Target).match(/"Ref":"([^"]+)"/)?.[1] ?? '';
      const owner = fixtureFunctions.find(({ paths }) => paths.some((p) => Properties.RouteKey === `ANY ${apiGatewayPath(p)}`));
      const functionId = (owner?.name ?? '').replace(/(^|-)([a-z0-9])/g, (_m, _d: string, letter: string) => letter.toUpperCase());
      assert.match(integrations.get(integrationId) ?? '', new RegExp(`"${functionId}[0-9A-F]{8}"`), String(Properties.RouteKey));
    }
  });

  it('exposes one HTTP API with one stage, no REST API, no function URL, and lets only that API invoke the functions', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    template.resourceCountIs('AWS::Lambda::Url', 0);
    template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    const permissions = resources(template, 'AWS::Lambda::Permission');
    assert.equal(permissions.length, expected.length);
    for (const [, { Properties }] of permissions) {
      assert.equal(Properties.Principal, 'apigateway.amazonaws.com');
      assert.match(JSON.stringify(Properties.SourceArn), /"Ref":"Api[0-9A-F]{8}"/);
    }
  });

  it('keeps an access log with a retention', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default', AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }) });
  });
});

describe("every function's environment", () => {
  const required = ['NODE_OPTIONS', 'SECRET_KEY_SECRET_ARN', 'DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER', 'DB_PASS_SECRET_ARN', 'DB_PASS_SECRET_FIELD', 'PGSSLMODE', 'DB_POOL_SIZE', 'DB_PREPARED_STATEMENTS', 'ALLOWED_HOSTS', 'MEDIA_BUCKET', 'MAX_UPLOAD_MB', 'SECRETS_VERSION'];

  it('is complete, with one connection per instance and the API domain as the allowed host', () => {
    for (const [id, { Properties }] of apiFunctions(template)) {
      const variables = (Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      for (const name of required) assert.ok(name in variables, `${id} lacks ${name}`);
      assert.equal(variables.DB_POOL_SIZE, '1');
      assert.equal(variables.NODE_OPTIONS, '--import /opt/load-secrets.mjs');
      assert.match(JSON.stringify(variables.ALLOWED_HOSTS), /"Ref":"Api[0-9A-F]{8}"},".execute-api."/);
    }
  });

  it('holds no secret: SECRET_KEY and the database password are references the secrets layer resolves', () => {
    for (const [, { Properties }] of apiFunctions(template)) {
      const variables = (Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      for (const secret of ['SECRET_KEY', 'DATABASE_URL', 'DB_PASS']) assert.ok(!(secret in variables), secret);
      assert.match(JSON.stringify(variables.SECRET_KEY_SECRET_ARN), /"Ref":"SecretKey[0-9A-F]{8}"/);
    }
    // Both secrets are generated by Secrets Manager: no value is written in the template.
    for (const [, { Properties }] of resources(template, 'AWS::SecretsManager::Secret')) {
      assert.equal(Properties.SecretString, undefined);
      assert.ok(Properties.GenerateSecretString !== undefined);
    }
  });

  it('takes an existing database as the ARN of a secret holding DATABASE_URL, with no RDS or VPC made', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:recipe/database-url-AbCdEf';
    const existing = synth({ database: { kind: 'existing', urlSecretArn: arn } });
    existing.resourceCountIs('AWS::RDS::DBInstance', 0);
    existing.resourceCountIs('AWS::EC2::VPC', 0);
    for (const [, { Properties }] of apiFunctions(existing)) {
      const variables = (Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      assert.equal(variables.DATABASE_URL_SECRET_ARN, arn);
      assert.ok(!('DB_HOST' in variables));
    }
  });

  it('points image links at CloudFront when the CDN is chosen', () => {
    const withCdn = synth({ mediaCdn: true });
    withCdn.resourceCountIs('AWS::CloudFront::Distribution', 1);
    for (const [, { Properties }] of apiFunctions(withCdn)) {
      assert.match(JSON.stringify((Properties.Environment as { Variables: Record<string, unknown> }).Variables.MEDIA_URL), /DomainName/);
    }
  });
});

describe('the media bucket', () => {
  it('is private, encrypted, TLS only, and kept when the stack is deleted', () => {
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('lets only the functions that store or serve images touch it', () => {
    const policies = resources(template, 'AWS::IAM::Policy').filter(([, { Properties }]) => JSON.stringify(Properties.PolicyDocument).includes('"Media'));
    const roles = policies.flatMap(([, { Properties }]) => (Properties.Roles as { Ref: string }[]).map(({ Ref }) => Ref.replace(/ServiceRole[0-9A-F]{8}$/, ''))).sort();
    assert.deepEqual(roles, ['AdminUsers', 'RecipeDetail', 'RecipeUploadImage', 'StaticMedia']);
  });
});

describe('operations', () => {
  it('runs the migrations as a custom resource that every API function waits for', () => {
    const [[migrationsId]] = resources(template, 'Custom::RecipeApiMigrations') as [[string, Resource]];
    for (const [id, resource] of apiFunctions(template)) assert.ok(resource.DependsOn?.includes(migrationsId), `${id} does not wait for the migrations`);
  });

  it('keeps every log group for a set time', () => {
    const groups = resources(template, 'AWS::Logs::LogGroup');
    assert.ok(groups.length >= fixtureFunctions.length + 2);
    for (const [id, { Properties }] of groups) assert.ok(typeof Properties.RetentionInDays === 'number', id);
  });

  it('puts the database behind RDS Proxy with TLS, encrypted, in isolated subnets', () => {
    template.hasResourceProperties('AWS::RDS::DBProxy', { RequireTLS: true, EngineFamily: 'POSTGRESQL' });
    template.hasResourceProperties('AWS::RDS::DBInstance', { StorageEncrypted: true, PubliclyAccessible: false });
  });
});
