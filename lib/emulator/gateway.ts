// The emulator's router: what an API gateway does in front of deployed
// functions. It sends each request to the function that declares its path
// (or that path with a trailing slash, which the function then applies) and
// anything else to an app with no routes, so an unknown path gets the same
// JSON 404, headers and log line. Every rule is the functions' own
// (lib/http/general-rules.ts), exactly as when deployed.
import { getPath } from 'hono/utils/url';
import { createFunctionApp, type FunctionApp } from '../http/app.ts';
import { type RouteTable, routeTableOf } from '../http/route-table.ts';

export type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

export function createGateway(apps: readonly FunctionApp[]): Fetch {
  const nothing = createFunctionApp();
  // Read on first use: routes are declared by then.
  let routes: Routes | undefined;
  // Not async: the app's own promise is handed on, not wrapped in another.
  return (request, env) => {
    routes ??= routesOf(apps);
    // The path as the function's Hono router will read it (percent-decoded).
    const path = getPath(request);
    return (serving(routes, path) ?? serving(routes, `${path}/`) ?? nothing).fetch(request, env);
  };
}

interface Routes {
  readonly tables: readonly { app: FunctionApp; table: RouteTable }[];
  /** Each fixed path some app declares, and the app that serves it: looked up, not asked of each app in turn. */
  readonly byFixedPath: ReadonlyMap<string, FunctionApp>;
}

function routesOf(apps: readonly FunctionApp[]): Routes {
  const tables = apps.map((app) => ({ app, table: routeTableOf(app) }));
  const byFixedPath = new Map<string, FunctionApp>();
  // Its server is the one asking each app would find (an earlier app's pattern may match it).
  for (const { table } of tables) {
    for (const path of table.fixedPaths) {
      const app = servedBy(tables, path);
      if (app !== undefined) byFixedPath.set(path, app);
    }
  }
  return { tables, byFixedPath };
}

// Each function's router says whether it serves the path; the first in the
// manifest that does serves it.
function serving(routes: Routes, path: string): FunctionApp | undefined {
  return routes.byFixedPath.get(path) ?? servedBy(routes.tables, path);
}

function servedBy(tables: Routes['tables'], path: string): FunctionApp | undefined {
  for (const { app, table } of tables) if (table.serves(path)) return app;
  return undefined;
}
