// Whether, and under which methods, a function app serves a path, asked of
// the app's own Hono router: the one matcher behind the emulator's gateway,
// Django's APPEND_SLASH, the 405 and OPTIONS answers and the admin's
// page-or-405 choice, so none can disagree with the router that then serves
// the request. All read one definition: the routes the app declares.
import type { Hono } from 'hono';
import { type Router, UnsupportedPathError } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';

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
  // APPEND_SLASH asks on every request without its slash, so `serves`
  // avoids the router where it can: a fixed path is looked up; a path with
  // parameters is asked of the router under one of its methods (its matches
  // are the same under each), and only for requests under its fixed start
  // (cut back to a slash: `/files/*` also matches `/files`).
  const fixedPaths = new Set(routes.map(({ path }) => path).filter((path) => firstSpecial(path) < 0));
  const patterns = new Map(routes.filter(({ path }) => firstSpecial(path) >= 0).map(({ method, path }) => [path, method]));
  const probes = [...patterns].map(([path, method]) => ({ method, start: path.slice(0, Math.max(0, path.lastIndexOf('/', firstSpecial(path) - 1))) }));
  return {
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

/**
 * Which of `apps` serves a percent-decoded path: the first that declares a
 * route matching it, as asking each app's table in turn finds. Asking each
 * app in turn cost ~4 µs of a recipe detail (the apps with patterns come
 * late); here a router built once over every app's route paths answers,
 * Hono's own, so a pattern matches as in the app that declares it.
 * RegExpRouter, Hono's first choice, refuses some sets of paths (the
 * admin's catch-all `/admin/:rest{.+}/` beside the other admin pages), and
 * TrieRouter, its fallback, cannot match that catch-all at all; so the apps
 * are cut into runs that one RegExpRouter takes, in manifest order, and a
 * path is looked up in each run until one matches (two runs today).
 */
export function firstServing<App extends RoutedApp>(apps: readonly App[]): (path: string) => App | undefined {
  const runs: ((path: string) => App | undefined)[] = [];
  let run: App[] = [];
  let runRouter: Router<number> | undefined;
  const closeRun = () => {
    if (runRouter !== undefined) runs.push(lookUpIn(runRouter, run));
    run = [];
    runRouter = undefined;
  };
  for (const app of apps) {
    const extended = routerOver([...run, app]);
    if (extended === undefined) closeRun();
    const router = extended ?? routerOver([app]);
    if (router !== undefined) {
      run.push(app);
      runRouter = router;
    } else {
      // Paths RegExpRouter refuses even alone: asked of the app's own router, as before.
      const table = routeTableOf(app);
      runs.push((path) => (table.serves(path) ? app : undefined));
    }
  }
  closeRun();
  return (path) => {
    for (const lookUp of runs) {
      const app = lookUp(path);
      if (app !== undefined) return app;
    }
    return undefined;
  };
}

// The first of `apps` (in their order) whose path matches, in a router over their paths.
function lookUpIn<App>(router: Router<number>, apps: readonly App[]): (path: string) => App | undefined {
  return (path) => {
    let first = Number.POSITIVE_INFINITY;
    for (const [place] of router.match('GET', path)[0]) if (place < first) first = place;
    return apps[first];
  };
}

// A RegExpRouter over the apps' route paths, each under any method, valued
// by its app's place; undefined if it refuses them (it says so when they are
// added or on its first match).
function routerOver(apps: readonly RoutedApp[]): Router<number> | undefined {
  const router = new RegExpRouter<number>();
  try {
    apps.forEach((app, place) => {
      for (const path of declaredPaths(app)) router.add('ALL', path, place);
    });
    router.match('GET', '/');
    return router;
  } catch (error) {
    if (error instanceof UnsupportedPathError) return undefined;
    throw error;
  }
}
