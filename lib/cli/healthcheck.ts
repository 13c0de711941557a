// node lib/cli/healthcheck.ts — the image's HEALTHCHECK: exits 0 when
// /api/health-check/ answers 200 within 4 s, else 1 with one line saying why.
import http from 'node:http';
import { loadConfig } from '../config.ts';
import { healthCheckTarget } from './healthcheck-target.ts';
import { runMain } from './run.ts';

runMain(async () => {
  const { address, port, hostHeader } = healthCheckTarget(loadConfig());
  const status = await new Promise<number | string>((resolve) => {
    const request = http.get({ host: address, port, path: '/api/health-check/', headers: { host: hostHeader }, timeout: 4000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 'no status');
    });
    request.on('timeout', () => { request.destroy(new Error('no answer within 4 s')); });
    request.on('error', (error) => { resolve(error.message); });
  });
  if (status === 200) return 0;
  process.stderr.write(`unhealthy: http://${address}:${port}/api/health-check/ (Host: ${hostHeader}): ${status}\n`);
  return 1;
});
