import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiGatewayPath, routeTable } from '../lib/routes.ts';

describe('apiGatewayPath', () => {
  for (const [hono, gateway] of [
    ['/api/health-check/', '/api/health-check'],
    ['/api/recipe/recipes/:id/', '/api/recipe/recipes/{id}'],
    ['/api/recipe/recipes/:id{[0-9]+}/upload-image/', '/api/recipe/recipes/{id}/upload-image'],
    ['/static/media/*', '/static/media/{proxy+}'],
    ['/admin/', '/admin'],
    ['/', '/'],
  ]) {
    it(`turns ${hono} into ${gateway} (API Gateway refuses a trailing slash and matches both forms)`, () => {
      assert.equal(apiGatewayPath(hono as string), gateway);
    });
  }

  it('refuses a wildcard before the end and characters API Gateway cannot route', () => {
    assert.throws(() => apiGatewayPath('/a/*/b/'), /wildcard/);
    assert.throws(() => apiGatewayPath('/a b/'), /cannot be an API Gateway path segment/);
  });
});

describe('routeTable', () => {
  it('lists each path once, with the function that serves it', () => {
    const table = routeTable([
      { name: 'a', paths: ['/x/', '/x/:id/'] },
      { name: 'b', paths: ['/y/*'] },
    ]);
    assert.deepEqual([...table], [['/x', 'a'], ['/x/{id}', 'a'], ['/y/{proxy+}', 'b']]);
  });

  it('refuses two functions claiming one route', () => {
    assert.throws(() => routeTable([{ name: 'a', paths: ['/x/'] }, { name: 'b', paths: ['/x'] }]), /declared by both a and b/);
  });
});
