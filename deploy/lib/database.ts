// The database the functions use: a new RDS PostgreSQL behind RDS Proxy, in a
// VPC of its own; or an existing one whose DATABASE_URL is a secret.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export type DatabaseChoice =
  | { readonly kind: 'create' }
  /** A secret whose value is the whole `postgres://…` URL (through a pooler in transaction mode, or RDS Proxy). */
  | { readonly kind: 'existing'; readonly urlSecretArn: string };

/** Where the functions run and how they reach the database. */
export interface DatabaseAccess {
  /** Set when the functions must run in the database's VPC. */
  readonly vpc?: ec2.IVpc;
  /** Plain settings plus `<NAME>_SECRET_ARN` references the secrets layer resolves at init. */
  readonly environment: Readonly<Record<string, string>>;
  /** Lets a function read the secret and open connections. */
  grant(fn: lambda.Function): void;
}

export function databaseAccess(scope: Construct, choice: DatabaseChoice): DatabaseAccess {
  if (choice.kind === 'existing') {
    const secret = secretsmanager.Secret.fromSecretCompleteArn(scope, 'DatabaseUrl', choice.urlSecretArn);
    return {
      environment: { DATABASE_URL_SECRET_ARN: secret.secretArn },
      grant: (fn) => secret.grantRead(fn),
    };
  }
  return new CreatedDatabase(scope, 'Database');
}

const databaseName = 'recipe';
const databaseUser = 'recipe';

class CreatedDatabase extends Construct implements DatabaseAccess {
  readonly vpc: ec2.Vpc;
  readonly environment: Readonly<Record<string, string>>;
  private readonly proxy: rds.DatabaseProxy;
  private readonly secret: secretsmanager.ISecret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // No NAT gateway (its hourly cost): the functions reach S3 through a free
    // gateway endpoint and Secrets Manager through an interface endpoint.
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    this.vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    this.vpc.addInterfaceEndpoint('SecretsManager', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER });

    const instance = new rds.DatabaseInstance(this, 'Postgres', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_18 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      databaseName,
      credentials: rds.Credentials.fromGeneratedSecret(databaseUser),
      storageEncrypted: true,
      allocatedStorage: 20,
      backupRetention: Duration.days(7),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    if (instance.secret === undefined) throw new Error('the database has no generated secret');
    this.secret = instance.secret;
    this.proxy = instance.addProxy('Proxy', {
      secrets: [instance.secret],
      vpc: this.vpc,
      requireTLS: true,
      // Lambda opens and drops connections freely; the proxy keeps few to the database.
      idleClientTimeout: Duration.minutes(10),
    });
    this.environment = {
      DB_HOST: this.proxy.endpoint,
      DB_PORT: '5432',
      DB_NAME: databaseName,
      DB_USER: databaseUser,
      // The password is a field of the JSON secret RDS keeps (and may rotate).
      DB_PASS_SECRET_ARN: instance.secret.secretArn,
      DB_PASS_SECRET_FIELD: 'password',
      // node-postgres reads PGSSLMODE: TLS to the proxy, whose certificate
      // (ACM) Node's own CA list trusts.
      PGSSLMODE: 'require',
    };
  }

  grant(fn: lambda.Function): void {
    this.secret.grantRead(fn);
    this.proxy.connections.allowFrom(fn, ec2.Port.tcp(5432), 'the functions reach PostgreSQL through the proxy');
  }
}
