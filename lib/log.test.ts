import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { projectRoot } from './config.ts';
import { gatherLines, requestLine } from './log.ts';

// A Node process that imports the log and runs `script`; what it wrote to stdout and stderr.
async function runWithLog(script: string): Promise<{ stdout: string; stderr: string; signal?: string | null }> {
  const source = `import { log, logRequest, setLogLevel } from './lib/log.ts'; setLogLevel('info'); ${script}`;
  return promisify(execFile)(process.execPath, ['--input-type=module', '-e', source], { cwd: projectRoot }).catch((error: unknown) => error as { stdout: string; stderr: string; signal: string | null });
}

const request = (n: number) => `logRequest({ method: 'GET', path: '/api/${n}/', status: 200, started: performance.now(), requestId: 'id-${n}' });`;

describe('the log', () => {
  it('writes a request\'s line as JSON.stringify writes the same fields, whatever the path holds', () => {
    for (const path of ['/api/user/me/', '/api/"quoted"\\back\u0001é/\ud800', '']) {
      const fields = { method: 'GET', path, status: 404, started: 1000.04, requestId: 'a.b:c-d' };
      const line = requestLine(fields, 1012.3);
      const time = (JSON.parse(line) as { time: string }).time;
      expect(line).toBe(JSON.stringify({ time, level: 'info', msg: 'request', method: 'GET', path, status: 404, duration_ms: 12.3, request_id: 'a.b:c-d' }));
      expect(new Date(time).toISOString()).toBe(time);
      expect(Math.abs(Date.parse(time) - Date.now())).toBeLessThan(60_000);
    }
  });

  it('writes the duration in milliseconds rounded to a tenth, as JSON writes the number', () => {
    const durations = [0, 0.04, 0.05, 0.96, 1, 1.25, 9.99, 10.01, 123.456, 1234.95];
    for (const ms of durations) {
      const line = JSON.parse(requestLine({ method: 'GET', path: '/', status: 200, started: 500, requestId: 'x' }, 500 + ms)) as { duration_ms: number };
      expect(JSON.stringify(line.duration_ms)).toBe(JSON.stringify(Math.round((500 + ms - 500) * 10) / 10));
    }
  });

  it('writes the lines of several turns of the event loop in one write to stdout, after the window', async () => {
    const { stdout, stderr } = await runWithLog(`
      let writes = 0;
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = (chunk) => { writes += 1; return write(chunk); };
      ${request(1)}
      setImmediate(() => { ${request(2)} setImmediate(() => { log.info('third'); process.stderr.write(String(writes)); }); });
      process.on('exit', () => { process.stderr.write(',' + String(writes)); });
    `);
    expect(stdout.trim().split('\n').map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['request', 'request', 'third']);
    // None written two turns later (without the window, each turn wrote its own), one in all.
    expect(stderr).toBe('0,1');
  });

  it('loses no line when the process exits in the turn that wrote it', async () => {
    const { stdout } = await runWithLog(`${request(1)} ${request(2)} process.exit(0);`);
    expect(stdout.trim().split('\n').map((line) => (JSON.parse(line) as { path: string }).path)).toEqual(['/api/1/', '/api/2/']);
  });

  it('loses no line when an uncaught error ends the process', async () => {
    const { stdout, stderr } = await runWithLog(`${request(1)} throw new Error('boom');`);
    expect(stdout.trim().split('\n').map((line) => (JSON.parse(line) as { path: string }).path)).toEqual(['/api/1/']);
    expect(stderr).toContain('boom');
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'])('loses no line when %s ends a process that has no handler for it, and still ends it', async (signal) => {
    const { stdout, signal: endedBy } = await runWithLog(`${request(1)} process.kill(process.pid, '${signal}'); setInterval(() => {}, 1000);`);
    expect(stdout.trim().split('\n').map((line) => (JSON.parse(line) as { path: string }).path)).toEqual(['/api/1/']);
    expect(endedBy).toBe(signal);
  });

  it('leaves a signal to the process\'s own handler, after writing the gathered lines', async () => {
    const { stdout } = await runWithLog(`
      process.on('SIGTERM', () => { process.stdout.write('handled\\n'); process.exit(0); });
      ${request(1)} process.kill(process.pid, 'SIGTERM'); setInterval(() => {}, 1000);
    `);
    expect(stdout.trim().split('\n')).toEqual([expect.stringContaining('/api/1/'), 'handled']);
  });

  it('writes the gathered lines before a warning, in the order they were logged', async () => {
    const { stdout, stderr } = await runWithLog(`
      const order = [];
      for (const stream of [process.stdout, process.stderr]) {
        const write = stream.write.bind(stream);
        stream.write = (chunk) => { order.push(stream === process.stdout ? 'out' : 'err'); return write(chunk); };
      }
      ${request(1)} log.warn('careful'); ${request(2)}
      // After the log's own exit hook, added with its first line.
      process.on('exit', () => { process.stderr.write(order.join(',')); });
    `);
    expect(stdout.trim().split('\n')).toHaveLength(2);
    expect(stderr).toContain('out,err,out');
  });
});

describe('gathering lines', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function gatherer(limits = { windowMs: 5, maxChars: 100 }) {
    const writes: string[] = [];
    return { writes, lines: gatherLines((text) => { writes.push(text); }, limits) };
  }

  it('writes the lines of a window in one write when the window ends, counted from the first line', () => {
    vi.useFakeTimers();
    const { writes, lines } = gatherer();
    lines.add('a\n');
    vi.advanceTimersByTime(4);
    lines.add('b\n');
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(writes).toEqual(['a\nb\n']);
  });

  it('starts a new window with the next line, and writes nothing for a window without lines', () => {
    vi.useFakeTimers();
    const { writes, lines } = gatherer();
    lines.add('a\n');
    vi.advanceTimersByTime(5);
    vi.advanceTimersByTime(20);
    lines.add('b\n');
    vi.advanceTimersByTime(4);
    expect(writes).toEqual(['a\n']);
    vi.advanceTimersByTime(1);
    expect(writes).toEqual(['a\n', 'b\n']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('writes at once when the gathered text reaches its limit, and the rest when the window ends', () => {
    vi.useFakeTimers();
    const { writes, lines } = gatherer({ windowMs: 5, maxChars: 10 });
    lines.add('12345\n');
    lines.add('6789\n');
    expect(writes).toEqual(['12345\n6789\n']);
    lines.add('x\n');
    vi.advanceTimersByTime(5);
    expect(writes).toEqual(['12345\n6789\n', 'x\n']);
  });

  it('writes what is gathered when flushed, and nothing twice', () => {
    vi.useFakeTimers();
    const { writes, lines } = gatherer();
    lines.add('a\n');
    lines.flush();
    lines.flush();
    vi.advanceTimersByTime(5);
    expect(writes).toEqual(['a\n']);
  });

  it('keeps no process alive for its window', () => {
    const { lines } = gatherer({ windowMs: 60_000, maxChars: 100 });
    const before = process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    lines.add('a\n');
    // An unref'd timer is not among the resources that keep the loop alive.
    expect(process.getActiveResourcesInfo().filter((name) => name === 'Timeout')).toHaveLength(before);
    lines.flush();
  });
});
