// The emulator's router: what an API gateway does in front of deployed
// functions. It sends each request to the function that declares its path
// (or that path with a trailing slash, which the function then applies) and
// anything else to an app with no routes, so an unknown path gets the same
// JSON 404, headers and log line. Every rule is the functions' own
// (lib/http/general-rules.ts), exactly as when deployed.
import { getPath } from 'hono/utils/url';
import { createFunctionApp, declaredPaths, type FunctionApp } from '../http/app.ts';
import { routePaths } from '../http/general-rules.ts';

export type Fetch = (request: Request, env?: unknown) => Promise<Response>;

export function createGateway(apps: readonly FunctionApp[]): Fetch {
  const routes = apps.map((app) => ({ app, paths: routePaths(declaredPaths(app)) }));
  const nothing = createFunctionApp();
  return async (request, env) => {
    // The path as the function's Hono router will read it (percent-decoded).
    const path = getPath(request);
    const route = routes.find(({ paths }) => paths.matches(path)) ?? routes.find(({ paths }) => paths.matches(`${path}/`));
    return (route?.app ?? nothing).fetch(request, env);
  };
}
