import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import './index.ts'; // every function, declared as in the emulator
import app from './schema.ts';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
}

describe('GET /api/schema/', () => {
  it('answers the OpenAPI document as JSON by default, with every function\'s routes', async () => {
    const response = await app.request('/api/schema/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const document = (await response.json()) as OpenApiDocument;
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(document.paths['/api/health-check/'] ?? {})).toEqual(['get']);
  });

  it.each([
    ['?format=yaml', {}],
    ['', { Accept: 'application/yaml' }],
    ['', { Accept: 'application/vnd.oai.openapi' }],
  ])('answers YAML for %s %o', async (query, headers) => {
    const response = await app.request(`/api/schema/${query}`, { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/yaml/);
    const document = parse(await response.text()) as OpenApiDocument;
    expect(document.paths).toHaveProperty(['/api/health-check/']);
  });

  it('answers JSON on ?format=json even when YAML is accepted', async () => {
    const response = await app.request('/api/schema/?format=json', { headers: { Accept: 'application/yaml' } });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers 404 for an unknown format', async () => {
    const response = await app.request('/api/schema/?format=xml');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ detail: 'Not found.' });
  });
});
