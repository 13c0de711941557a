// Where the image's HEALTHCHECK asks: the server's own port on the loopback
// (or the one address it listens on), with a Host header ALLOWED_HOSTS
// accepts, since a production ALLOWED_HOSTS rarely lists 127.0.0.1.
import type { Config } from '../config.ts';

export interface HealthCheckTarget {
  readonly address: string;
  readonly port: number;
  readonly hostHeader: string;
}

export function healthCheckTarget(config: Pick<Config, 'host' | 'port' | 'allowedHosts'>): HealthCheckTarget {
  const listensEverywhere = config.host === '0.0.0.0' || config.host === '::';
  const [first = 'localhost'] = config.allowedHosts;
  // "*" allows any name; ".example.com" allows example.com itself.
  const hostHeader = first === '*' ? 'localhost' : first.replace(/^\./, '');
  return { address: listensEverywhere ? '127.0.0.1' : config.host, port: config.port, hostHeader };
}
