// The emulator's router: what an API gateway does in front of deployed
// functions. It sends each request to the function that declares its path
// (or that path with a trailing slash, which the function then applies) and
// anything else to an app with no routes, so an unknown path gets the same
// JSON 404, headers and log line. Every rule is the functions' own
// (lib/http/general-rules.ts), exactly as when deployed.
import { getPath } from 'hono/utils/url';
import { createFunctionApp, type FunctionApp } from '../http/app.ts';
import { firstServing } from '../http/route-table.ts';

export type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

export function createGateway(apps: readonly FunctionApp[]): Fetch {
  const nothing = createFunctionApp();
  // Built on first use: routes are declared by then.
  let serving: ((path: string) => FunctionApp | undefined) | undefined;
  // Not async: the app's own promise is handed on, not wrapped in another.
  return (request, env) => {
    serving ??= firstServing(apps);
    // The path as the function's Hono router will read it (percent-decoded).
    const path = getPath(request);
    return (serving(path) ?? serving(`${path}/`) ?? nothing).fetch(request, env);
  };
}
