// What a single-function deployment on AWS Lambda calls, behind API Gateway's
// HTTP API or a function URL (payload 2.0): every function file exports
// `handler = lambdaHandler(app)`. Hono's adapter turns events into Requests
// (base64 bodies in, binary types base64 out, cookies); here the stage prefix
// is taken off the path and, when running as a function, the configuration is
// read at init, so a missing setting fails the function before any request.
import type { Hono } from 'hono';
// Hono announces a move of this adapter to @hono/aws-lambda for its v5; that
// package is not published yet, so the one use of the old path lives here.
import { handle } from 'hono/aws-lambda';
import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';
import { ConfigError, loadConfig, runsAsFunction } from '../config.ts';
import { flushLog, setLogLevel } from '../log.ts';

/** API Gateway HTTP API's and a function URL's event (payload 2.0). */
// eslint-disable-next-line @typescript-eslint/no-deprecated
export type APIGatewayProxyEventV2 = Extract<LambdaEvent, { rawPath: string; rawQueryString: string }>;

/** The event as the function's app sees it (env.event): the stage, if any, is off rawPath and kept here. */
export type FunctionEvent = APIGatewayProxyEventV2 & { readonly stagePrefix?: string };

// eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-deprecated
export function lambdaHandler(app: Hono<any>): (event: APIGatewayProxyEventV2, context: LambdaContext) => Promise<unknown> {
  if (runsAsFunction()) readConfigOrExit();
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const handler = handle(app);
  // The request's log line is out before the answer: Lambda may freeze the
  // process as soon as it has the answer, before the log's next write.
  return async (event, context) => {
    try {
      return await handler(withoutStage(event), context);
    } finally {
      flushLog();
    }
  };
}

// A named stage ("prod") is the first segment of rawPath: /prod/api/health-check/.
// The $default stage (and a function URL's) has none.
export function withoutStage(event: APIGatewayProxyEventV2): FunctionEvent {
  const { stage } = event.requestContext;
  const prefix = `/${stage}`;
  if (stage === '$default' || (event.rawPath !== prefix && !event.rawPath.startsWith(`${prefix}/`))) return event;
  return { ...event, rawPath: event.rawPath.slice(prefix.length) || '/', stagePrefix: prefix };
}

// One line naming what to set, then a failed init (Lambda reports it and
// retries on the next request), rather than a stack on every request.
function readConfigOrExit(): void {
  try {
    setLogLevel(loadConfig().logLevel);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(1);
  }
}
