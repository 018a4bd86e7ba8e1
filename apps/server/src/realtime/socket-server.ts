import type { AllowList } from '@tagstream/access';
import {
  DEFAULT_TRACKER,
  type BatchResult,
  type ClientToServerEvents,
  type DashboardView,
  type ServerToClientEvents,
  type Snapshot,
  type VoiceEntry,
} from '@tagstream/protocol';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import { systemClock, type TimerHandle, type Timers } from '@tagstream/time';

/** What the server keeps on each dashboard's socket: the view it shows. */
interface SocketData {
  view: DashboardView;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the nodes of a cluster share broadcasts only, no events of their own
interface InterServerEvents {}

export type TagstreamIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type TagstreamSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface SocketServerOptions {
  /** What a dashboard showing `view` needs to draw itself at once. */
  snapshot: (view: DashboardView) => Promise<Snapshot> | Snapshot;
  /**
   * The view a dashboard asked for (the handshake's `auth`, or a `watch` event), made valid: a
   * tracker that does not exist is the default one. By default any tracker name is taken as given.
   */
  resolveView?: (asked: unknown) => DashboardView;
  /** The names this server answers to and the pages that may use it: the REST API's own list. */
  allowList: AllowList;
  /** Results closer together than this are coalesced: clients get the newest one after the gap. */
  minIntervalMs: number;
  /** Called once per result actually sent (not coalesced away), as it is sent. */
  onSent?: (result: BatchResult) => void;
  /** Wall clock and timers for the coalescing gap; the system clock by default. */
  clock?: Timers;
  /**
   * Several servers as one (web nodes on Redis): the adapter that joins them, and how long a
   * disconnected dashboard's session is kept for connection state recovery on any node.
   */
  cluster?: { adapter: NonNullable<ServerOptions['adapter']>; recoveryMs: number };
}

export interface SocketServer {
  io: TagstreamIo;
  /** Sends a result to every dashboard watching its tracker, coalesced per tracker. */
  broadcast: (r: BatchResult) => void;
  /** Sends share-of-voice entries to every dashboard watching the compare view, gathered over the same gap. */
  voice: (entries: VoiceEntry[]) => void;
  /** Results waiting for slow clients to catch up (at most one per client). */
  held: () => number;
  /**
   * What dashboards hold no longer applies (a new replay is counted afresh, the trackers
   * changed): drops results not yet sent and sends every dashboard a new snapshot of its view,
   * which replaces its history.
   */
  resync: () => void;
}

/** The room of the dashboards watching a tracker's results. */
const trackerRoom = (tracker: string): string => `tracker:${tracker}`;
const COMPARE_ROOM = 'compare';

/** Any tracker name as given, the default one otherwise. */
function viewAsGiven(asked: unknown): DashboardView {
  const v = (typeof asked === 'object' && asked !== null ? asked : {}) as Partial<DashboardView>;
  return {
    tracker: typeof v.tracker === 'string' && v.tracker !== '' ? v.tracker : DEFAULT_TRACKER,
    compare: v.compare === true,
  };
}

/** A room's coalescing state: the newest result not yet sent, and when the last one went out. */
interface RoomQueue {
  pending: BatchResult | null;
  lastSent: number;
  timer: TimerHandle | null;
}

/**
 * Attaches socket.io to fastify's HTTP server (the fastify-socket.io plugin does
 * not support fastify 5), sends a snapshot to each new dashboard, and returns a
 * broadcaster that coalesces bursts (a max-speed replay) so clients get at most a
 * few results per second, always the newest.
 *
 * Each dashboard receives only what it shows: the results of the tracker it watches (one room
 * per tracker) and, while its compare view is open, share-of-voice entries. It says what it
 * shows in its handshake (`auth: { tracker, compare }`) and later with a `watch` event, which is
 * answered with a snapshot of the new view.
 *
 * Slow clients do not slow the others and do not pile up stale results: a
 * result is broadcast (encoded once) to every client of its room whose connection is
 * writable; a client whose connection is still busy with earlier data is held
 * back and gets only the newest result once it has caught up. socket.io's
 * `volatile` flag would drop the result for such a client instead, and when it
 * is the last of a burst (the end of a replay), that client would show stale
 * numbers until the next one; each result is a whole picture, so newest-wins
 * per client loses nothing worth keeping and bounds memory at one result each.
 */
export function attachSocketServer(app: FastifyInstance, opts: SocketServerOptions): SocketServer {
  const clock = opts.clock ?? systemClock;
  const resolveView = opts.resolveView ?? viewAsGiven;
  const io: TagstreamIo = new Server(app.server, {
    serveClient: false,
    // A configured foreign origin (a dashboard served elsewhere) also needs CORS for the polling transport.
    ...(opts.allowList.origins.length > 0 ? { cors: { origin: [...opts.allowList.origins] } } : {}),
    // The handshake never reaches fastify's hooks: the same allow-list is checked here (engine.io answers 403).
    allowRequest: (req, callback) => {
      const refusal = handshakeRefusal(opts.allowList, req.headers);
      callback(refusal, refusal === null);
    },
    ...(opts.cluster
      ? {
          adapter: opts.cluster.adapter,
          // Behind a load balancer without sticky sessions, polling requests of one session would
          // reach different nodes: WebSocket only (the dashboard tries it first).
          transports: ['websocket' as const],
          // The handshake's guard is allowRequest, which runs on every connection, recovered or not.
          connectionStateRecovery: {
            maxDisconnectionDuration: opts.cluster.recoveryMs,
            skipMiddlewares: true,
          },
        }
      : {}),
  });
  const waiting = new Map<string, BatchResult>();

  /**
   * Sends a snapshot of `view` to the dashboards `ids` that show it: made once and encoded once for
   * all of them (a new stream or a trackers change reaches every dashboard at once, and a snapshot
   * holds a whole history). To this server's own sockets only, whatever the adapter.
   */
  const sendSnapshots = (ids: string[], view: DashboardView): void => {
    void Promise.resolve(opts.snapshot(view))
      // A later `watch` has already asked for another view: this snapshot is of no use. Compared by
      // value: a `watch` for the same view (the page following a change the server made first) must
      // not drop the snapshot, since it sends none of its own.
      .then((s) => {
        const still = ids.filter((id) => {
          const now = io.of('/').sockets.get(id)?.data.view;
          return now !== undefined && now.tracker === view.tracker && now.compare === view.compare;
        });
        if (still.length > 0) io.local.to(still).emit('snapshot', s);
      })
      .catch((err: unknown) => app.log.error({ err }, 'snapshot failed'));
  };
  const sendSnapshot = (socket: TagstreamSocket): void => sendSnapshots([socket.id], socket.data.view);
  /** Puts a socket in the rooms of the view it asked for (as far as it exists). */
  const watch = (socket: TagstreamSocket, asked: unknown): void => {
    const view = resolveView(asked);
    const before = socket.data.view as DashboardView | undefined;
    if (before !== undefined) {
      void socket.leave(trackerRoom(before.tracker));
      if (!view.compare) void socket.leave(COMPARE_ROOM);
      // A result held for it belongs to the view it leaves.
      if (before.tracker !== view.tracker) waiting.delete(socket.id);
    }
    socket.data.view = view;
    void socket.join(trackerRoom(view.tracker));
    if (view.compare) void socket.join(COMPARE_ROOM);
  };

  io.on('connection', (socket) => {
    socket.on('disconnect', () => waiting.delete(socket.id));
    watch(socket, socket.handshake.auth);
    socket.on('watch', (asked) => {
      const before = socket.data.view;
      watch(socket, asked);
      // Asking again for the view it has is no news: no snapshot (each one is a whole history).
      const after = socket.data.view;
      if (after.tracker !== before.tracker || after.compare !== before.compare) sendSnapshot(socket);
    });
    sendSnapshot(socket);
  });
  app.addHook('preClose', (done) => {
    // In a cluster, closing the connections (not disconnecting the sockets) keeps each dashboard's
    // session in Redis, so that the node it reconnects to recovers it.
    if (opts.cluster) io.engine.close();
    else io.local.disconnectSockets(true);
    done();
  });
  app.addHook('onClose', async () => {
    await io.close();
  });

  const rooms = new Map<string, RoomQueue>();
  let sweeper: TimerHandle | null = null;

  const busy = (socket: TagstreamSocket): boolean => {
    const conn = socket.conn as unknown as { transport: { writable: boolean }; writeBuffer: unknown[] };
    return !conn.transport.writable || conn.writeBuffer.length > 0;
  };

  /** Sends held results to clients that have caught up: each result encoded once for all of them. */
  const sweep = (): void => {
    sweeper = null;
    const ready = new Map<BatchResult, string[]>();
    for (const [id, result] of waiting) {
      const socket = io.of('/').sockets.get(id);
      if (socket === undefined) waiting.delete(id);
      else if (!busy(socket)) {
        waiting.delete(id);
        const ids = ready.get(result);
        if (ids === undefined) ready.set(result, [id]);
        else ids.push(id);
      }
    }
    for (const [result, ids] of ready) io.local.to(ids).emit('batch', result);
    if (waiting.size > 0) sweeper = clock.setTimeout(sweep, Math.max(opts.minIntervalMs, 50));
  };

  const flush = (room: string, queue: RoomQueue): void => {
    queue.timer = null;
    if (queue.pending === null) return;
    const result = queue.pending;
    queue.pending = null;
    queue.lastSent = clock.now();
    const members = io.of('/').adapter.rooms.get(room) ?? new Set<string>();
    const slow: string[] = [];
    for (const id of members) {
      const socket = io.of('/').sockets.get(id);
      if (socket === undefined) continue;
      if (busy(socket)) {
        slow.push(id);
        waiting.set(id, result);
      } else waiting.delete(id);
    }
    // Local: in a cluster every node sends each result to its own dashboards (each reads the results).
    (slow.length > 0 ? io.local.to(room).except(slow) : io.local.to(room)).emit('batch', result);
    if (waiting.size > 0) sweeper ??= clock.setTimeout(sweep, Math.max(opts.minIntervalMs, 50));
    opts.onSent?.(result);
  };

  const broadcast = (result: BatchResult): void => {
    const room = trackerRoom(result.tracker ?? DEFAULT_TRACKER);
    let queue = rooms.get(room);
    if (queue === undefined) {
      queue = { pending: null, lastSent: -Infinity, timer: null };
      rooms.set(room, queue);
    }
    queue.pending = result;
    const wait = queue.lastSent + opts.minIntervalMs - clock.now();
    if (wait <= 0) flush(room, queue);
    else queue.timer ??= clock.setTimeout(() => flush(room, queue), wait);
  };

  // Share-of-voice entries are small and each one is a point of the chart: gathered, never dropped.
  let voicePending: VoiceEntry[] = [];
  let voiceTimer: TimerHandle | null = null;
  let voiceSent = -Infinity;
  const flushVoice = (): void => {
    voiceTimer = null;
    const entries = voicePending;
    voicePending = [];
    voiceSent = clock.now();
    if (entries.length > 0) io.local.to(COMPARE_ROOM).emit('voice', entries);
  };
  const voice = (entries: VoiceEntry[]): void => {
    voicePending.push(...entries);
    const wait = voiceSent + opts.minIntervalMs - clock.now();
    if (wait <= 0) flushVoice();
    else voiceTimer ??= clock.setTimeout(flushVoice, wait);
  };

  const resync = (): void => {
    for (const queue of rooms.values()) {
      queue.pending = null;
      clock.clearTimeout(queue.timer ?? undefined);
      queue.timer = null;
    }
    voicePending = [];
    waiting.clear();
    // One snapshot per view shown, for all of its dashboards.
    const byView = new Map<string, { view: DashboardView; ids: string[] }>();
    for (const socket of io.of('/').sockets.values()) {
      // A tracker that is gone: its watchers go back to the default one.
      watch(socket, socket.data.view);
      const view = socket.data.view;
      const key = `${view.compare ? 1 : 0}${view.tracker}`;
      const group = byView.get(key);
      if (group === undefined) byView.set(key, { view, ids: [socket.id] });
      else group.ids.push(socket.id);
    }
    for (const { view, ids } of byView.values()) sendSnapshots(ids, view);
  };
  app.addHook('onClose', async () => {
    for (const queue of rooms.values()) clock.clearTimeout(queue.timer ?? undefined);
    clock.clearTimeout(voiceTimer ?? undefined);
    clock.clearTimeout(sweeper ?? undefined);
  });
  return { io, broadcast, voice, held: () => waiting.size, resync };
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
