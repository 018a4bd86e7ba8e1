/**
 * Test support for the server alone: a line source like `nc -lk`, a booted server on port 0,
 * dashboards over socket.io. Tests that run our ingestor beside the server live in the
 * repository's test/ folder, with their support: apps meet on the wire, never in code.
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { ClientToServerEvents, ServerToClientEvents } from '@tagstream/protocol';
import pino, { type Logger } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, type ServerConfig } from '../server.ts';

export type Dashboard = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Things to undo after a test, last first. */
export class Cleanup {
  private fns: (() => Promise<unknown> | unknown)[] = [];
  add(fn: () => Promise<unknown> | unknown): void {
    this.fns.push(fn);
  }
  async run(): Promise<void> {
    for (const fn of this.fns.reverse()) await fn();
    this.fns = [];
  }
}

export async function tempDir(cleanup: Cleanup, prefix = 'tagstream-server-'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  cleanup.add(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A logger that keeps every line it writes, for "no token in any log" checks. */
export function capturingLogger(level = 'trace'): { logger: Logger; text: () => string } {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString('utf8');
      cb();
    },
  });
  return { logger: pino({ level }, sink), text: () => text };
}

/** A line source like `nc -lk`: a TCP server the core connects to. */
export async function lineSource(cleanup: Cleanup): Promise<{
  port: number;
  send: (line: string) => void;
  connected: Promise<void>;
}> {
  const peers = new Set<net.Socket>();
  let onConnect: () => void = () => undefined;
  const connected = new Promise<void>((r) => (onConnect = r));
  const server = net.createServer((s) => {
    peers.add(s);
    s.on('close', () => peers.delete(s));
    onConnect();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanup.add(async () => {
    for (const p of peers) p.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    connected,
    send: (line) => {
      for (const p of peers) p.write(line + '\n');
    },
  };
}

/** under-pressure's options for a test server: no check on event-loop delay (0 turns it off). */
export const TESTS_NEVER_SHED = { maxEventLoopDelay: 0 };

/** startServer on port 0 with test defaults; closed by `cleanup`. */
export async function bootServer(
  cleanup: Cleanup,
  config: Partial<ServerConfig> & Pick<ServerConfig, 'source' | 'recordingsDir'>,
): ReturnType<typeof startServer> {
  const started = await startServer({
    host: '127.0.0.1',
    port: 0,
    controlUrl: null,
    webDist: null,
    logger: pino({ level: 'silent' }),
    // Load shedding follows the event loop's delay, which a busy test machine makes long: tests
    // would get 503 by chance. The shedding itself has a test that asks for it.
    underPressure: TESTS_NEVER_SHED,
    ...config,
  });
  cleanup.add(async () => {
    const closing = started.app.close();
    // A test that leaves a response body unread keeps its connection busy, and
    // a graceful close would wait for it until the keep-alive timeout: the
    // test is over, so its connections go now.
    started.app.server.closeAllConnections();
    await closing;
  });
  return started;
}

export function dashboard(cleanup: Cleanup, url: string, origin?: string): Dashboard {
  const socket: Dashboard = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    ...(origin ? { extraHeaders: { origin } } : {}),
  });
  cleanup.add(() => void socket.disconnect());
  return socket;
}

export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: Dashboard,
  event: E,
  accept: (value: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve) => {
    const listener = ((value: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!accept(value)) return;
      socket.off(event, listener as never);
      resolve(value);
    }) as never;
    socket.on(event, listener);
  });
}

/** Polls `read` until `ok` holds (for figures that move without an event, such as metrics). */
export async function eventually<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const metricValue = (text: string, name: string): number => {
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
};

export function json(body: unknown, token?: string): RequestInit {
  return {
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  };
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The JSON body (throws for anything else). */
  json: <T = Record<string, unknown>>() => T;
}

/**
 * An HTTP request with headers exactly as given, `Host` included (fetch keeps its own), as a
 * page on a foreign name, a DNS-rebinding page or a script would send it.
 */
export function rawRequest(
  url: string,
  opts: {
    method?: string;
    path: string;
    headers?: Record<string, string | undefined>;
    body?: string | Buffer;
  },
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: hostname,
        port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: Object.fromEntries(
          Object.entries({
            ...(opts.body !== undefined ? { 'content-length': String(Buffer.byteLength(opts.body)) } : {}),
            ...opts.headers,
          }).filter((e): e is [string, string] => e[1] !== undefined),
        ),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: <T>() => JSON.parse(text) as T,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
