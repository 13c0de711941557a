// Whether, and under which methods, a function app serves a path, asked of
// the app's own Hono router: the one matcher behind the emulator's gateway,
// Django's APPEND_SLASH, the 405 and OPTIONS answers and the admin's
// page-or-405 choice, so none can disagree with the router that then serves
// the request. All read one definition: the routes the app declares.
import type { Hono } from 'hono';

type RoutedApp = Pick<Hono, 'routes' | 'router'>;

/** The routes a function app declares: handlers only, not middleware (Hono's 'ALL'). */
export function declaredRoutes(app: Pick<Hono, 'routes'>): { method: string; path: string }[] {
  return app.routes.filter(({ method }) => method !== 'ALL').map(({ method, path }) => ({ method, path }));
}

/** The route paths a function app declares, in Hono syntax (`/api/things/:id/`), in declaration order. */
export function declaredPaths(app: Pick<Hono, 'routes'>): string[] {
  return [...new Set(declaredRoutes(app).map(({ path }) => path))];
}

export interface RouteTable {
  /** Whether a route of the app matches this percent-decoded path (Hono's getPath), under any method. */
  serves(path: string): boolean;
  /** The paths it serves that have no parameters, wildcards or patterns: each matches only itself. */
  readonly fixedPaths: ReadonlySet<string>;
  /** The methods it answers there (its routes', HEAD with GET, and OPTIONS) in DRF's order, or undefined where it serves nothing. */
  allowedAt(path: string): readonly string[] | undefined;
}

// DRF lists a view's methods in this order.
const methodOrder = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const inMethodOrder = (a: string, b: string) => methodOrder.indexOf(a) - methodOrder.indexOf(b);

const tables = new WeakMap<RoutedApp, RouteTable>();

/**
 * The app's route table. It asks the app's router, which can take no route
 * once it has matched: ask only when every route is declared (at import time).
 */
export function routeTableOf(app: RoutedApp): RouteTable {
  let table = tables.get(app);
  if (table === undefined) {
    table = routeTable(app);
    tables.set(app, table);
  }
  return table;
}

// Where a Hono path's parameters, wildcards or patterns begin; -1 for a fixed path, which matches only itself.
const firstSpecial = (path: string) => path.search(/[:*?{]/);

function routeTable(app: RoutedApp): RouteTable {
  const routes = declaredRoutes(app);
  const methods = [...new Set(routes.map(({ method }) => method))].sort(inMethodOrder);
  // The router answers a method's routes with the middleware for any method; a route of this method must be among them.
  const routedAt = (method: string, path: string) => app.router.match(method, path)[0].some(([[, route]]) => route.method === method);
  // The gateway asks each function in turn on every request, so `serves`
  // avoids the router where it can: a fixed path is looked up; a path with
  // parameters is asked of the router under one of its methods (its matches
  // are the same under each), and only for requests under its fixed start
  // (cut back to a slash: `/files/*` also matches `/files`).
  const fixedPaths = new Set(routes.map(({ path }) => path).filter((path) => firstSpecial(path) < 0));
  const patterns = new Map(routes.filter(({ path }) => firstSpecial(path) >= 0).map(({ method, path }) => [path, method]));
  const probes = [...patterns].map(([path, method]) => ({ method, start: path.slice(0, Math.max(0, path.lastIndexOf('/', firstSpecial(path) - 1))) }));
  return {
    fixedPaths,
    serves: (path) => fixedPaths.has(path) || probes.some(({ method, start }) => path.startsWith(start) && routedAt(method, path)),
    allowedAt(path) {
      const allowed = methods.filter((method) => routedAt(method, path));
      if (allowed.length === 0) return undefined;
      if (allowed.includes('GET')) allowed.push('HEAD');
      allowed.push('OPTIONS');
      return allowed.sort(inMethodOrder);
    },
  };
}
