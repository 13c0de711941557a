// What a single-function deployment on AWS Lambda (API Gateway, function URL)
// calls: every function file exports `handler = lambdaHandler(app)`.
import type { Hono } from 'hono';
// Hono announces a move of this adapter to @hono/aws-lambda for its v5; that
// package is not published yet, so the one use of the old path lives here.
import { handle } from 'hono/aws-lambda';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lambdaHandler(app: Hono<any>) {
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  return handle(app);
}
