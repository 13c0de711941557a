// The recipe API on AWS: an HTTP API (API Gateway v2) with one route per
// path of the function manifest, one Lambda per function built from its
// bundle, a private encrypted S3 bucket for media, SECRET_KEY and the
// database credentials in Secrets Manager, migrations run by the deployment.
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { databaseAccess, type DatabaseChoice } from './database.ts';
import { settingsOf } from './function-settings.ts';
import type { DeployedFunction } from './manifest.ts';
import { Migrations } from './migrations.ts';
import { routeTable } from './routes.ts';

export interface RecipeApiProps extends StackProps {
  readonly functions: readonly DeployedFunction[];
  /** The operations function's bundle (lib/ops-bundle.ts). */
  readonly opsBundle: string;
  /** Hashes of the migrations: a change runs them again on deploy. */
  readonly migrationsVersion: string;
  readonly database: DatabaseChoice;
  /** The native addons in the bundles decide it: x86_64 for bundles built on an x64 machine. */
  readonly architecture: lambda.Architecture;
  /** Serve images from CloudFront (MEDIA_URL) instead of through the API. */
  readonly mediaCdn: boolean;
  readonly logRetention: logs.RetentionDays;
  /** Changing it replaces every running instance, so a rotated secret is read again. */
  readonly secretsVersion: string;
}

export const secretsLayerPath = new URL('../layers/secrets', import.meta.url).pathname;

export class RecipeApiStack extends Stack {
  constructor(scope: Construct, id: string, props: RecipeApiProps) {
    super(scope, id, props);

    const media = new s3.Bucket(this, 'Media', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Uploads are user data: the bucket outlives the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const cdn = props.mediaCdn
      ? new cloudfront.Distribution(this, 'MediaCdn', {
          defaultBehavior: {
            origin: origins.S3BucketOrigin.withOriginAccessControl(media),
            viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            // Adds X-Content-Type-Options: nosniff (and HSTS), as /static/media/ sends.
            responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
          },
        })
      : undefined;

    const secretKey = new secretsmanager.Secret(this, 'SecretKey', {
      description: 'SECRET_KEY of the recipe API (signs the admin CSRF tokens)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    const database = databaseAccess(this, props.database);

    const api = new apigwv2.HttpApi(this, 'Api', { description: 'The recipe API', createDefaultStage: false });
    const accessLog = new logs.LogGroup(this, 'AccessLog', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(accessLog) },
    });
    const apiDomain = `${api.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;

    const secretsLayer = new lambda.LayerVersion(this, 'SecretsLayer', {
      code: lambda.Code.fromAsset(secretsLayerPath),
      description: 'Sets SECRET_KEY, DATABASE_URL/DB_PASS from Secrets Manager before the function loads',
    });
    const paramsAndSecrets = lambda.ParamsAndSecretsLayerVersion.fromVersion(lambda.ParamsAndSecretsVersions.V1_0_103, {
      cacheEnabled: true,
    });
    const subnets = database.vpc === undefined ? {} : { vpc: database.vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } };

    // What every function reads, the same everywhere (lib/config.ts).
    const environment: Record<string, string> = {
      NODE_OPTIONS: '--import /opt/load-secrets.mjs',
      SECRET_KEY_SECRET_ARN: secretKey.secretArn,
      ...database.environment,
      // One connection per instance; RDS Proxy or the pooler shares them.
      DB_POOL_SIZE: '1',
      // Named prepared statements do not survive a pooler in transaction mode.
      DB_PREPARED_STATEMENTS: 'false',
      ALLOWED_HOSTS: apiDomain,
      MEDIA_BUCKET: media.bucketName,
      // API Gateway passes at most 6 MB to Lambda, base64: ~4.4 MB of file.
      MAX_UPLOAD_MB: '4',
      ...(cdn === undefined ? {} : { MEDIA_URL: `https://${cdn.distributionDomainName}` }),
      // Read by nobody: a new value is a new configuration, so Lambda starts fresh instances.
      SECRETS_VERSION: props.secretsVersion,
    };

    const makeFunction = (id: string, code: lambda.Code, settings: { memorySize: number; timeout: Duration; architecture: lambda.Architecture }) => {
      const fn = new lambda.Function(this, id, {
        runtime: lambda.Runtime.NODEJS_24_X,
        handler: 'index.handler',
        code,
        ...settings,
        environment,
        layers: [secretsLayer],
        paramsAndSecrets,
        logGroup: new logs.LogGroup(this, `${id}Log`, { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY }),
        ...subnets,
      });
      secretKey.grantRead(fn);
      database.grant(fn);
      return fn;
    };

    const ops = makeFunction('Ops', lambda.Code.fromAsset(props.opsBundle), {
      memorySize: 1024,
      timeout: Duration.minutes(5),
      architecture: lambda.Architecture.X86_64, // its Argon2 addon is the x64 build
    });
    const migrations = new Migrations(this, 'Migrations', { ops, version: props.migrationsVersion });

    const routes = routeTable(props.functions);
    for (const deployed of props.functions) {
      const settings = settingsOf(deployed.name);
      const fn = makeFunction(functionId(deployed.name), lambda.Code.fromAsset(deployed.directory), {
        memorySize: settings.memorySize,
        timeout: settings.timeout,
        architecture: props.architecture,
      });
      if (settings.media === 'read') media.grantRead(fn);
      if (settings.media === 'write') media.grantReadWrite(fn);
      // New code only once the schema it expects is in place.
      fn.node.addDependency(migrations);
      const integration = new HttpLambdaIntegration(`${functionId(deployed.name)}Integration`, fn);
      for (const [routePath, owner] of routes) {
        if (owner !== deployed.name) continue;
        api.addRoutes({ path: routePath, methods: [apigwv2.HttpMethod.ANY], integration });
      }
    }

    new CfnOutput(this, 'ApiUrl', { value: `https://${apiDomain}/` });
    new CfnOutput(this, 'MediaBucketName', { value: media.bucketName });
    new CfnOutput(this, 'OpsFunctionName', { value: ops.functionName });
    new CfnOutput(this, 'SecretKeyArn', { value: secretKey.secretArn });
    if (cdn !== undefined) new CfnOutput(this, 'MediaUrl', { value: `https://${cdn.distributionDomainName}` });
  }
}

/** `recipe-detail` → `RecipeDetail`: the construct id, and the start of the function's physical name. */
export function functionId(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());
}
