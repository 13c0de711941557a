import { describe, expect, it } from 'vitest';
import app from './docs.ts';

describe('GET /api/docs/', () => {
  it('serves a Swagger UI page whose scripts and styles are all our own', async () => {
    const response = await app.request('/api/docs/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await response.text();
    const references = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url);
    expect(references).toContain('/static/swagger-ui/swagger-ui-bundle.js');
    // Offline: nothing from another host (no CDN), and no inline script.
    expect(references.every((url) => url?.startsWith('/'))).toBe(true);
    expect(page).not.toMatch(/<script>(?!<\/script>)/);
  });

  it('serves every asset the page references, with an ETag that allows a 304', async () => {
    const page = await (await app.request('/api/docs/')).text();
    for (const [, url = ''] of page.matchAll(/(?:src|href)="([^"]+)"/g)) {
      const response = await app.request(url);
      expect(response.status, url).toBe(200);
      const etag = response.headers.get('etag') ?? '';
      expect(etag).not.toBe('');
      const again = await app.request(url, { headers: { 'If-None-Match': etag } });
      expect(again.status).toBe(304);
    }
  });

  it('points Swagger UI at our schema', async () => {
    const script = await (await app.request('/static/swagger-ui/init.js')).text();
    expect(script).toContain("'/api/schema/?format=json'");
  });

  it('serves nothing else from the swagger-ui package', async () => {
    for (const name of ['package.json', 'index.html', '..%2Fpackage.json', 'swagger-ui.js.map']) {
      const response = await app.request(`/static/swagger-ui/${name}`);
      expect(response.status, name).toBe(404);
    }
  });
});
