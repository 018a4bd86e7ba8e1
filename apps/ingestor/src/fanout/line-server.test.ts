import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { LmdbLineLog } from '../log/lmdb-line-log.ts';
import { LineServer, type LineServerOptions } from './line-server.ts';

const servers: LineServer[] = [];
const logs: LmdbLineLog[] = [];
const dirs: string[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) await s.close();
  for (const l of logs.splice(0)) await l.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function start(
  opts: Partial<LineServerOptions> & { maxBytes?: number } = {},
): Promise<{ server: LineServer; port: number; log: LmdbLineLog; warnings: string[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tagstream-fanout-'));
  dirs.push(dir);
  const log = LmdbLineLog.open(dir, { maxAgeMs: 3_600_000, maxBytes: opts.maxBytes ?? 1 << 30 }, Date.now());
  logs.push(log);
  const warnings: string[] = [];
  const logger = pino(
    { level: 'info' },
    { write: (m: string) => void ((JSON.parse(m) as { level: number }).level >= 40 && warnings.push(m)) },
  );
  const server = new LineServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    log,
    format: 'json',
    requestWaitMs: 50,
    ...opts,
  });
  servers.push(server);
  const { port } = await server.listen();
  return { server, port, log, warnings };
}

/** A consumer that collects complete lines; `request` is sent as its first line. */
async function consumer(port: number, request?: object) {
  const socket = net.connect({ host: '127.0.0.1', port });
  sockets.push(socket);
  await once(socket, 'connect');
  if (request) socket.write(JSON.stringify(request) + '\n');
  const lines: string[] = [];
  let rest = '';
  const waiters: { n: number; resolve: () => void }[] = [];
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    lines.push(...parts);
    for (const w of [...waiters]) if (lines.length >= w.n) w.resolve();
  });
  return {
    socket,
    lines,
    /** The data lines, without offset lines. */
    data: () => lines.filter((l) => !l.startsWith('{"offset"')),
    waitFor: (n: number) =>
      lines.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })),
  };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 2));
}

async function sendAll(server: LineServer, lines: string[]): Promise<void> {
  for (const l of lines) server.send(l);
  await server.committed();
}

const numbered = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `line ${from + i}`);

describe('LineServer', () => {
  it('sends every line, newline-terminated, to every plain consumer, in order', async () => {
    const { server, port } = await start();
    const a = await consumer(port);
    const b = await consumer(port);
    await until(() => server.stats().consumers === 2);
    const sent = numbered(1000);
    for (let burst = 0; burst < 5; burst++) {
      for (const l of sent.slice(burst * 200, burst * 200 + 200)) server.send(l);
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all([a.waitFor(1000), b.waitFor(1000)]);
    expect(a.lines).toEqual(sent);
    expect(b.lines).toEqual(sent);
  });

  it('gives a plain consumer every line from the moment it connected, those sent while it could still ask included', async () => {
    const { server, port } = await start({ requestWaitMs: 200 });
    await sendAll(server, ['before']);
    const c = await consumer(port);
    await until(() => server.stats().consumers === 1);
    await sendAll(server, ['during the wait']);
    expect(c.lines).toEqual([]);
    await c.waitFor(1);
    await sendAll(server, ['after']);
    await c.waitFor(2);
    expect(c.lines).toEqual(['during the wait', 'after']);
  });

  it('resumes a consumer from the offset it asks for, with the offset of every run of lines', async () => {
    const { server, port, log } = await start();
    await sendAll(server, numbered(10));
    const c = await consumer(port, { from: 4, log: log.id });
    await c.waitFor(8);
    expect(c.lines[0]).toBe(`{"offset":4,"log":"${log.id}"}`);
    expect(c.data()).toEqual(numbered(6, 4));
    await sendAll(server, ['next']);
    await c.waitFor(10);
    expect(c.lines.slice(-2)).toEqual(['{"offset":10}', 'next']);
  });

  it('answers a request from an offset the log no longer holds with its oldest one, and logs the gap', async () => {
    const { server, port, log } = await start({ maxBytes: 40 });
    for (let i = 0; i < 10; i++) await sendAll(server, [`line ${i}`]);
    expect(log.first()).toBeGreaterThan(0);
    const c = await consumer(port, { from: 0, log: log.id });
    await c.waitFor(2);
    expect(JSON.parse(c.lines[0]!)).toEqual({ offset: log.first(), log: log.id });
  });

  it('starts a consumer asking for the stream at its begin line, and one naming another log there too', async () => {
    const { server, port } = await start();
    await sendAll(server, ['old stream']);
    server.send('{"watermark":"…","stream":"begin"}', true);
    await sendAll(server, ['new stream']);
    for (const request of [{ from: 'stream' }, { from: 0, log: 'another log' }]) {
      const c = await consumer(port, request);
      await c.waitFor(4);
      expect(c.data()).toEqual(['{"watermark":"…","stream":"begin"}', 'new stream']);
    }
  });

  it('serves a request as a plain consumer when the format is text (a text line could look like an offset line)', async () => {
    const { server, port, log } = await start({ format: 'text' });
    await sendAll(server, ['a']);
    const c = await consumer(port, { from: 0, log: log.id });
    await until(() => server.stats().consumers === 1);
    await new Promise((r) => setTimeout(r, 80));
    await sendAll(server, ['b']);
    await c.waitFor(1);
    expect(c.lines).toEqual(['b']);
  });

  it('cuts off a plain consumer that stops reading, naming it, while the others and the source go on', async () => {
    const { server, port, warnings } = await start({ maxConsumerBufferBytes: 1024 * 1024 });
    const stuck = await consumer(port);
    stuck.socket.pause();
    const healthy = await consumer(port);
    await until(() => server.stats().consumers === 2);
    await new Promise((r) => setTimeout(r, 80));
    const closed = once(stuck.socket, 'close');
    const lines = Array.from({ length: 100 }, () => 'x'.repeat(1000));
    for (let i = 0; i < 200; i++) await sendAll(server, lines);
    await until(() => healthy.lines.length === 20_000 || server.stats().consumers === 0);
    expect(warnings.filter((w) => w.includes('cut off'))).toHaveLength(1);
    expect(healthy.lines).toHaveLength(20_000);
    expect(server.stats().consumersCutOff).toBe(1);
    const peer = `127.0.0.1:${stuck.socket.localPort}`;
    expect(warnings.some((w) => w.includes(`consumer ${peer} cut off`))).toBe(true);
    stuck.socket.resume();
    await closed;
  });

  it('lets a consumer reading offsets fall behind without cutting it off: it reads the rest from the log', async () => {
    const { server, port, log } = await start({ maxConsumerBufferBytes: 64 * 1024 });
    const slow = await consumer(port, { from: 'stream' });
    await until(() => slow.lines.length > 0);
    slow.socket.pause();
    const lines = Array.from({ length: 5000 }, (_, i) => `${i} ${'y'.repeat(500)}`);
    for (let i = 0; i < lines.length; i += 100) await sendAll(server, lines.slice(i, i + 100));
    expect(server.stats().consumersCutOff).toBe(0);
    expect(log.end()).toBe(5000);
    slow.socket.resume();
    await until(() => slow.data().length === 5000);
    expect(slow.data()).toEqual(lines);
  });

  it('never waits on a consumer that does not read: the source is paced by the log', async () => {
    const { server, port, warnings } = await start({ maxConsumerBufferBytes: 32 * 1024 });
    const stuck = await consumer(port, { from: 'stream' });
    stuck.socket.pause();
    await until(() => server.stats().consumers === 1);
    const line = 'z'.repeat(1000);
    const started = performance.now();
    for (let i = 0; i < 50_000; i++) {
      server.send(line);
      if (i % 256 === 0) await server.writable();
    }
    await server.writable();
    // 50 MB through the log; a wait on the stuck reader would never end.
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(warnings).toEqual([]);
    expect(server.stats().consumers).toBe(1);
  });

  it('refuses consumers past its cap with a line that says why', async () => {
    const { server, port, warnings } = await start({ maxConsumers: 1 });
    await consumer(port);
    await until(() => server.stats().consumers === 1);
    const extra = await consumer(port);
    await once(extra.socket, 'end');
    expect(extra.lines).toEqual(['{"refused":"the ingestor serves at most 1 consumers"}']);
    expect(server.stats()).toMatchObject({ consumers: 1, consumersRefused: 1 });
    expect(warnings.some((w) => w.includes('consumer refused'))).toBe(true);
  });

  it('delivers the lines sent right before close()', async () => {
    const { server, port } = await start();
    const c = await consumer(port);
    await until(() => server.stats().consumers === 1);
    await new Promise((r) => setTimeout(r, 80));
    const ended = once(c.socket, 'end');
    for (let i = 0; i < 1000; i++) server.send(`last ${i}`);
    await server.close();
    await ended;
    expect(c.lines).toHaveLength(1000);
    expect(c.lines.at(-1)).toBe('last 999');
  });

  it('drained() waits for consumers reading offsets to have the whole log, not for plain ones', async () => {
    const { server, port } = await start({ maxConsumerBufferBytes: 16 * 1024 });
    const plain = await consumer(port);
    plain.socket.pause();
    const reader = await consumer(port, { from: 'stream' });
    await until(() => reader.lines.length > 0);
    reader.socket.pause();
    for (let i = 0; i < 20_000; i++) server.send('w'.repeat(1000));
    expect(await server.drained(100, true)).toBe(false);
    reader.socket.resume();
    expect(await server.drained(10_000, true)).toBe(true);
    await until(() => reader.data().length === 20_000);
  });
});
