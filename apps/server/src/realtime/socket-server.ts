import type { AllowList } from '@tagstream/access';
import type { BatchResult, ClientToServerEvents, ServerToClientEvents, Snapshot } from '@tagstream/protocol';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Server, type Socket } from 'socket.io';
import { systemClock, type TimerHandle, type Timers } from '@tagstream/time';

export type TagstreamIo = Server<ClientToServerEvents, ServerToClientEvents>;
type TagstreamSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export interface SocketServerOptions {
  snapshot: () => Promise<Snapshot> | Snapshot;
  /** The names this server answers to and the pages that may use it: the REST API's own list. */
  allowList: AllowList;
  /** Results closer together than this are coalesced: clients get the newest one after the gap. */
  minIntervalMs: number;
  /** Called once per result actually sent (not coalesced away), as it is sent. */
  onSent?: (result: BatchResult) => void;
  /** Wall clock and timers for the coalescing gap; the system clock by default. */
  clock?: Timers;
}

export interface SocketServer {
  io: TagstreamIo;
  /** Sends a result to every dashboard, coalesced. */
  broadcast: (r: BatchResult) => void;
  /** Results waiting for slow clients to catch up (at most one per client). */
  held: () => number;
  /**
   * What dashboards hold no longer applies (a new replay is counted afresh): drops results
   * not yet sent and sends every dashboard a new snapshot, which replaces its history.
   */
  resync: () => void;
}

/**
 * Attaches socket.io to fastify's HTTP server (the fastify-socket.io plugin does
 * not support fastify 5), sends a snapshot to each new dashboard, and returns a
 * broadcaster that coalesces bursts (a max-speed replay) so clients get at most a
 * few results per second, always the newest.
 *
 * Slow clients do not slow the others and do not pile up stale results: a
 * result is broadcast (encoded once) to every client whose connection is
 * writable; a client whose connection is still busy with earlier data is held
 * back and gets only the newest result once it has caught up. socket.io's
 * `volatile` flag would drop the result for such a client instead, and when it
 * is the last of a burst (the end of a replay), that client would show stale
 * numbers until the next one; each result is a whole picture, so newest-wins
 * per client loses nothing worth keeping and bounds memory at one result each.
 */
export function attachSocketServer(app: FastifyInstance, opts: SocketServerOptions): SocketServer {
  const clock = opts.clock ?? systemClock;
  const io: TagstreamIo = new Server(app.server, {
    serveClient: false,
    // A configured foreign origin (a dashboard served elsewhere) also needs CORS for the polling transport.
    ...(opts.allowList.origins.length > 0 ? { cors: { origin: [...opts.allowList.origins] } } : {}),
    // The handshake never reaches fastify's hooks: the same allow-list is checked here (engine.io answers 403).
    allowRequest: (req, callback) => {
      const refusal = handshakeRefusal(opts.allowList, req.headers);
      callback(refusal, refusal === null);
    },
  });
  const waiting = new Map<string, BatchResult>();
  io.on('connection', (socket) => {
    socket.on('disconnect', () => waiting.delete(socket.id));
    void Promise.resolve(opts.snapshot())
      .then((s) => socket.emit('snapshot', s))
      .catch((err: unknown) => app.log.error({ err }, 'snapshot failed'));
  });
  app.addHook('preClose', (done) => {
    io.local.disconnectSockets(true);
    done();
  });
  app.addHook('onClose', async () => {
    await io.close();
  });

  let lastSent = -Infinity;
  let pending: BatchResult | null = null;
  let timer: TimerHandle | null = null;
  let sweeper: TimerHandle | null = null;

  const busy = (socket: TagstreamSocket): boolean => {
    const conn = socket.conn as unknown as { transport: { writable: boolean }; writeBuffer: unknown[] };
    return !conn.transport.writable || conn.writeBuffer.length > 0;
  };

  /** Sends held results to clients that have caught up. */
  const sweep = (): void => {
    sweeper = null;
    for (const [id, result] of waiting) {
      const socket = io.of('/').sockets.get(id);
      if (socket === undefined) waiting.delete(id);
      else if (!busy(socket)) {
        waiting.delete(id);
        socket.emit('batch', result);
      }
    }
    if (waiting.size > 0) sweeper = clock.setTimeout(sweep, Math.max(opts.minIntervalMs, 50));
  };

  const flush = (): void => {
    timer = null;
    if (pending === null) return;
    const result = pending;
    pending = null;
    lastSent = clock.now();
    const slow: string[] = [];
    for (const [id, socket] of io.of('/').sockets) {
      if (busy(socket)) {
        slow.push(id);
        waiting.set(id, result);
      } else waiting.delete(id);
    }
    (slow.length > 0 ? io.except(slow) : io).emit('batch', result);
    if (waiting.size > 0) sweeper ??= clock.setTimeout(sweep, Math.max(opts.minIntervalMs, 50));
    opts.onSent?.(result);
  };

  const broadcast = (result: BatchResult): void => {
    pending = result;
    const wait = lastSent + opts.minIntervalMs - clock.now();
    if (wait <= 0) flush();
    else timer ??= clock.setTimeout(flush, wait);
  };
  const resync = (): void => {
    pending = null;
    waiting.clear();
    clock.clearTimeout(timer ?? undefined);
    timer = null;
    void Promise.resolve(opts.snapshot())
      .then((s) => io.emit('snapshot', s))
      .catch((err: unknown) => app.log.error({ err }, 'snapshot failed'));
  };
  app.addHook('onClose', async () => {
    clock.clearTimeout(timer ?? undefined);
    clock.clearTimeout(sweeper ?? undefined);
  });
  return { io, broadcast, held: () => waiting.size, resync };
}

/**
 * Why a socket.io handshake is refused, or null: a `Host` this server does not answer to (DNS
 * rebinding), or an `Origin` that is not one of its pages (browsers send it on every WebSocket
 * and cross-origin XHR). Clients without one (socket.io-client in Node, scripts) connect.
 */
export function handshakeRefusal(allowList: AllowList, headers: IncomingHttpHeaders): string | null {
  const { host, origin } = headers;
  if (!allowList.hostAllowed(host)) {
    return `this server does not answer to the name ${JSON.stringify(allowList.hostname(host ?? '') ?? host)} (a guard against DNS rebinding)`;
  }
  if (origin !== undefined && !allowList.originAllowed(origin, host)) return `origin not allowed: ${origin}`;
  return null;
}
