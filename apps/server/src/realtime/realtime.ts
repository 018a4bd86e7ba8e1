import { EventEmitter } from 'node:events';
import type { BatchResult, Settings, Snapshot, SourceStatus } from '@tagstream/protocol';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { systemClock, type Timers } from '@tagstream/time';
import { attachSocketServer, type TagstreamIo } from './socket-server.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** socket.io on the app's HTTP server; only the realtime plugin emits on it. */
    io: TagstreamIo;
    realtime: Realtime;
  }
}

/** What others may know of the dashboards: how many, and which results reached them. */
export class Realtime extends EventEmitter<{ sent: [result: BatchResult, closedAt: number] }> {
  constructor(
    /** Dashboards connected now. */
    readonly clients: () => number,
  ) {
    super();
  }
}

export interface RealtimeOptions {
  /** Results closer together than this reach dashboards coalesced. */
  broadcastIntervalMs: number;
  /** How often dashboards get the source status (replay position, tweets/s) while it changes. */
  sourceIntervalMs?: number | undefined;
  /** Timers for the coalescing gap and the source refresh; the system clock by default. */
  clock?: Timers | undefined;
}

/**
 * Everything pushed to dashboards, from one place (DESIGN.md §6): a `snapshot`
 * on connect and again when a new stream starts, then `batch` for each result
 * (coalesced), `source` when the status changes, `track` and `settings` when a
 * service announces a change. It listens to the core and the services and never
 * changes them, so no route needs to know who is watching.
 */
async function realtime(app: FastifyInstance, opts: RealtimeOptions): Promise<void> {
  const { core, settings, keywords, source } = app;
  const clock = opts.clock ?? systemClock;
  const snapshot = async (): Promise<Snapshot> => {
    const status = await source.status();
    return {
      settings: settings.get(),
      latest: core.history.latest(),
      history: core.history.recent(60),
      source: status,
      keywords: keywords.current(),
    };
  };
  // Kept for the lag metric: a result's batch closed when the input that closed it arrived.
  const closedAt = new WeakMap<BatchResult, number>();
  const feed = new Realtime(() => io.engine.clientsCount);
  const sockets = attachSocketServer(app, {
    snapshot,
    allowList: app.allowList,
    clock,
    minIntervalMs: opts.broadcastIntervalMs,
    onSent: (r) => {
      const at = closedAt.get(r);
      if (at !== undefined) feed.emit('sent', r, at);
    },
  });
  const { io } = sockets;
  app.decorate('io', io);
  app.decorate('realtime', feed);

  const offResult = core.onResult((result, meta) => {
    closedAt.set(result, meta.closedAt);
    sockets.broadcast(result);
  });
  const offStream = core.onStreamBegin(() => sockets.resync());

  // The `source` event: only when the status differs from what dashboards were last told.
  let lastSource = '';
  const announceSource = (status: SourceStatus): void => {
    const text = JSON.stringify(status);
    if (text === lastSource) return;
    lastSource = text;
    io.emit('source', status);
  };
  const announceKeywords = (k: string[]): void => void io.emit('track', { keywords: k });
  const announceSettings = (s: Settings): void => void io.emit('settings', s);
  source.on('status', announceSource);
  keywords.on('changed', announceKeywords);
  settings.on('changed', announceSettings);

  // While a replay moves, its position changes without an event: look once a second while anyone watches.
  const sourceTimer = clock.setInterval(
    () => {
      if (io.engine.clientsCount > 0) void source.refresh(false).catch(() => undefined);
    },
    opts.sourceIntervalMs ?? 1_000,
    { keepAlive: false },
  );

  app.addHook('onClose', async () => {
    clock.clearTimeout(sourceTimer);
    offResult();
    offStream();
    source.off('status', announceSource);
    keywords.off('changed', announceKeywords);
    settings.off('changed', announceSettings);
  });
}

export default fp(realtime, {
  name: 'tagstream-realtime',
  dependencies: [
    'tagstream-allow-list',
    'tagstream-core',
    'tagstream-settings',
    'tagstream-keywords',
    'tagstream-source',
  ],
});
