// The emulator's router: what an API gateway does in front of deployed
// functions. It sends each request to the function that declares its path
// (or that path with a trailing slash, which the function then applies) and
// anything else to an app with no routes, so an unknown path gets the same
// JSON 404, headers and log line. Every rule is the functions' own
// (lib/http/general-rules.ts), exactly as when deployed.
import { getPath } from 'hono/utils/url';
import { createFunctionApp, type FunctionApp } from '../http/app.ts';
import { type RouteTable, routeTableOf } from '../http/route-table.ts';

export type Fetch = (request: Request, env?: unknown) => Promise<Response>;

export function createGateway(apps: readonly FunctionApp[]): Fetch {
  const nothing = createFunctionApp();
  // Each function's router says whether it serves the path; the first in the
  // manifest that does serves it. Read on first use: routes are declared by then.
  let routes: { app: FunctionApp; table: RouteTable }[] | undefined;
  return async (request, env) => {
    routes ??= apps.map((app) => ({ app, table: routeTableOf(app) }));
    // The path as the function's Hono router will read it (percent-decoded).
    const path = getPath(request);
    return (servedBy(routes, path) ?? servedBy(routes, `${path}/`) ?? nothing).fetch(request, env);
  };
}

function servedBy(routes: readonly { app: FunctionApp; table: RouteTable }[], path: string): FunctionApp | undefined {
  for (const { app, table } of routes) if (table.serves(path)) return app;
  return undefined;
}
