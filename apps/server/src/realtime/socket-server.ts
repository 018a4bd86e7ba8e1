import type { BatchResult, ClientToServerEvents, ServerToClientEvents, Snapshot } from '@tagstream/protocol';
import type { FastifyInstance } from 'fastify';
import { Server } from 'socket.io';

export type TagstreamIo = Server<ClientToServerEvents, ServerToClientEvents>;

export interface SocketServerOptions {
  snapshot: () => Promise<Snapshot> | Snapshot;
  /** Origins allowed besides the dashboard's own (same-origin pages need no entry). */
  allowedOrigins: string[];
  /** Results closer together than this are coalesced: a client gets the newest one after the gap. */
  minIntervalMs: number;
}

/**
 * Attaches socket.io to fastify's HTTP server (the fastify-socket.io plugin does
 * not support fastify 5), sends a snapshot to each new dashboard, and returns a
 * broadcaster that coalesces bursts (a max-speed replay) so clients get at most a
 * few results per second, always the newest.
 */
export function attachSocketServer(
  app: FastifyInstance,
  opts: SocketServerOptions,
): { io: TagstreamIo; broadcast: (r: BatchResult) => void } {
  const io: TagstreamIo = new Server(app.server, {
    serveClient: false,
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      // Browsers always send Origin on cross-origin WebSocket and XHR; a foreign one is refused at the handshake.
      const ok =
        origin === undefined || sameOrigin(origin, req.headers.host) || opts.allowedOrigins.includes(origin);
      callback(ok ? null : 'origin not allowed', ok);
    },
  });
  io.on('connection', (socket) => {
    void Promise.resolve(opts.snapshot()).then((s) => socket.emit('snapshot', s));
  });
  app.addHook('preClose', (done) => {
    io.local.disconnectSockets(true);
    done();
  });
  app.addHook('onClose', async () => {
    await io.close();
  });

  let lastSent = 0;
  let pending: BatchResult | null = null;
  let timer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    timer = null;
    if (pending === null) return;
    io.emit('batch', pending);
    pending = null;
    lastSent = Date.now();
  };
  const broadcast = (result: BatchResult): void => {
    pending = result;
    const wait = lastSent + opts.minIntervalMs - Date.now();
    if (wait <= 0) flush();
    else timer ??= setTimeout(flush, wait);
  };
  app.addHook('onClose', async () => {
    if (timer) clearTimeout(timer);
  });
  return { io, broadcast };
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
