// API Gateway HTTP API events (payload 2.0), as AWS sends them to a function,
// for tests that drive a handler the way Lambda does.
import type { APIGatewayProxyEventV2 } from '../http/lambda.ts';

export interface EventOptions {
  readonly method?: string;
  /** The path and query as the client sent them, stage included when there is one. */
  readonly target: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly stage?: string;
  readonly sourceIp?: string;
  readonly domainName?: string;
}

export function httpApiEvent(options: EventOptions): APIGatewayProxyEventV2 {
  const [rawPath = '/', rawQueryString = ''] = options.target.split(/\?(.*)/s);
  const domainName = options.domainName ?? 'localhost';
  const method = options.method ?? 'GET';
  // API Gateway sends a text body as is and anything else (uploads) in base64.
  const binary = options.body instanceof Uint8Array;
  const body = options.body === undefined ? null : binary ? Buffer.from(options.body).toString('base64') : (options.body);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: { host: domainName, ...lowerCased(options.headers ?? {}) },
    body,
    isBase64Encoded: binary,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      authentication: null,
      authorizer: {},
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: options.sourceIp ?? '203.0.113.7', userAgent: 'test' },
      requestId: 'request-1',
      routeKey: '$default',
      stage: options.stage ?? '$default',
      time: '01/Dec/2026:12:00:00 +0000',
      timeEpoch: 1_796_126_400_000,
    },
  };
}

function lowerCased(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
