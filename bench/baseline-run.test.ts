import { describe, expect, it } from 'vitest';
import { markedFor } from './baseline-run.ts';
import { get, postJson, uniqueMarker } from './request.ts';

describe('markedFor', () => {
  it("puts the side's prefix before every unique value, so names one side creates are new to the other", () => {
    const request = postJson(`/api/x/?n=${uniqueMarker}`, { title: `load ${uniqueMarker}`, tags: [{ name: `t-${uniqueMarker}-a` }] }, 'key');
    const ours = markedFor(request, 'ours');
    const baseline = markedFor(request, 'baseline');
    expect(ours.path).toBe(`/api/x/?n=o-${uniqueMarker}`);
    expect(ours.body).toBe(JSON.stringify({ title: `load o-${uniqueMarker}`, tags: [{ name: `t-o-${uniqueMarker}-a` }] }));
    expect(baseline.body).toBe(JSON.stringify({ title: `load b-${uniqueMarker}`, tags: [{ name: `t-b-${uniqueMarker}-a` }] }));
    expect(ours.body?.length).toBe(baseline.body?.length);
    expect(ours.headers).toEqual(request.headers);
  });

  it('leaves a request without unique values as it is', () => {
    const request = get('/api/user/me/', 'key');
    expect(markedFor(request, 'baseline')).toEqual(request);
  });
});

