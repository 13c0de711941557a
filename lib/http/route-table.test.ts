import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { firstServing, routeTableOf } from './route-table.ts';

// An app as the admin's: a static path beside a parameter (Hono's TrieRouter
// takes those), middleware for any method under a wildcard.
const admin = new Hono();
admin.use('/admin/things/*', async (_c, next) => next());
admin.get('/admin/things/', (c) => c.text(''));
admin.post('/admin/things/', (c) => c.text(''));
admin.get('/admin/things/add/', (c) => c.text(''));
admin.post('/admin/things/add/', (c) => c.text(''));
admin.get('/admin/things/:id/', (c) => c.text(''));
admin.delete('/admin/things/:id/', (c) => c.text(''));
const adminRoutes = routeTableOf(admin);

// The admin's catch-all: a parameter with its own pattern spans segments (RegExpRouter).
const catchAll = new Hono();
catchAll.use(async (_c, next) => next());
catchAll.get('/admin/:rest{.+}/', (c) => c.text(''));
catchAll.get('/static/swagger-ui/:file', (c) => c.text(''));
catchAll.get('/files/*', (c) => c.text(''));
const catchAllRoutes = routeTableOf(catchAll);

describe('a route table', () => {
  it('says where the app routes, exactly as its router does', () => {
    expect(adminRoutes.serves('/admin/things/')).toBe(true);
    expect(adminRoutes.serves('/admin/things/7/')).toBe(true);
    expect(catchAllRoutes.serves('/admin/a/b/')).toBe(true);
    expect(catchAllRoutes.serves('/static/swagger-ui/init.js')).toBe(true);
  });

  it('matches exactly: no slash added or taken, no segment more, middleware is no route', () => {
    expect(adminRoutes.serves('/admin/things')).toBe(false);
    expect(adminRoutes.serves('/admin/things/7/x/')).toBe(false);
    expect(adminRoutes.serves('/admin/things/7/x')).toBe(false);
    expect(catchAllRoutes.serves('/admin/')).toBe(false);
    expect(catchAllRoutes.serves('/admin/a')).toBe(false);
    expect(catchAllRoutes.serves('/static/swagger-ui/a/b')).toBe(false);
    expect(catchAllRoutes.serves('/other/')).toBe(false);
  });

  it('agrees with the router on every path, whatever router Hono picked for the app', async () => {
    const paths = ['/admin/things/', '/admin/things', '/admin/things/add/', '/admin/things/7/', '/admin/things/7/x/', '/admin/a/b/', '/admin/', '/files', '/files/', '/files/a/b', '/file', '/static/swagger-ui/x.js', '/'];
    for (const app of [admin, catchAll]) {
      for (const path of paths) {
        const routed = (await app.request(path)).status !== 404 || (await app.request(path, { method: 'DELETE' })).status !== 404;
        expect([path, routeTableOf(app).serves(path)]).toEqual([path, routed]);
      }
    }
  });

  it("lists a path's methods in DRF's order, those of every route there, HEAD with GET and always OPTIONS", () => {
    expect(adminRoutes.allowedAt('/admin/things/')).toEqual(['GET', 'POST', 'HEAD', 'OPTIONS']);
    expect(adminRoutes.allowedAt('/admin/things/7/')).toEqual(['GET', 'DELETE', 'HEAD', 'OPTIONS']);
    // /add/ is also an {id} to the router: DELETE there reaches the detail route.
    expect(adminRoutes.allowedAt('/admin/things/add/')).toEqual(['GET', 'POST', 'DELETE', 'HEAD', 'OPTIONS']);
    expect(adminRoutes.allowedAt('/admin/other/')).toBeUndefined();
  });
});

describe('the first app serving a path', () => {
  it('is the one asking each app in turn finds, for apps in either order', async () => {
    // Every function of the manifest, and the test apps above: patterns, fixed paths, catch-alls.
    const { functions } = await import('../../functions/index.ts');
    const manifest = Object.values(functions);
    const paths = [
      '/api/health-check/', '/api/user/me/', '/api/user/token/', '/api/recipe/recipes/', '/api/recipe/recipes/7/', '/api/recipe/recipes/7/upload-image/',
      '/api/recipe/recipes/x/', '/api/recipe/tags/3/', '/api/recipe/ingredients/', '/api/recipe/ingredients/3/', '/api/schema/', '/api/docs/',
      '/static/media/uploads/recipe/a.jpg', '/static/swagger-ui/x.js', '/static/admin/site.css', '/admin/', '/admin/login/', '/admin/core/user/',
      '/admin/core/user/1/change/', '/admin/core/recipe/add/', '/admin/nothing/here/', '/admin/a/b/', '/admin/things/add/', '/admin/things/7/',
      '/files/a/b', '/files', '/api/unknown/', '/api/recipe/recipes', '/', '/favicon.ico',
    ];
    for (const apps of [[...manifest, admin, catchAll], [catchAll, admin, ...manifest]]) {
      const serving = firstServing(apps);
      for (const path of paths) {
        const inTurn = apps.find((app) => routeTableOf(app).serves(path));
        expect([path, serving(path) === inTurn]).toEqual([path, true]);
      }
    }
  });
});
