import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { FailedAuthOptions } from '@tagstream/access';
import {
  DEFAULT_TRACKER,
  type Settings,
  type Snapshot,
  type SourceStatus,
  type TagDetail,
} from '@tagstream/protocol';
import { connectRedis, keyspace, redact } from '@tagstream/redis';
import type { Timers } from '@tagstream/time';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { checkExposure } from '../exposure.ts';
import { IngestorControl } from '../ingestor-control.ts';
import allowList from '../plugins/allow-list.ts';
import { KeywordsService } from '../plugins/keywords.ts';
import { SourceService } from '../plugins/source.ts';
import webAssets from '../plugins/web-assets.ts';
import { attachSocketServer } from '../realtime/socket-server.ts';
import { RedisControl } from './redis-control.ts';
import { ResultsFeed } from './results-feed.ts';
import { SharedSettings } from './shared-settings.ts';
import { webNodeRoutes } from './web-node-routes.ts';

export interface WebNodeOptions {
  url: string;
  prefix?: string;
  host: string;
  port: number;
  adminToken?: string | undefined;
  allowedHosts: string[];
  allowedOrigins: string[];
  /** Settings to show until the workers have written theirs. */
  settings: Settings;
  webDist: string | null;
  /** Results closer together than this reach dashboards coalesced (the newest wins), as in the single process. */
  broadcastIntervalMs?: number;
  historyLimit?: number;
  /** How long a disconnected dashboard's session is kept in Redis for any node to recover (default 2 min). */
  recoveryMs?: number;
  /** Changes (PUT, POST) per client and window, wrong admin tokens aside (default 60 a minute). */
  changeRateLimit?: { max: number; timeWindowMs: number };
  failedAuth?: FailedAuthOptions;
  /** The longest a control request waits for the ingestor's answer before a 504 (default: the route's own, up to 30 s). */
  controlTimeoutMs?: number;
  /** How often dashboards get the source status while it changes (default 1 s). */
  sourceIntervalMs?: number;
  clock: Timers;
  logger: Logger;
}

/**
 * `tagstream serve --redis URL` (DESIGN.md §9): a stateless web node. Everything it shows comes
 * from Redis: the results stream (ResultsFeed), the shared settings, and the ingestor's state
 * and controls through control requests on Redis (RedisControl), so any node can take any
 * request. Each node reads the results stream itself and sends each result to its own
 * dashboards once, so every dashboard gets every batch whatever the number of nodes; the nodes
 * are joined by socket.io's Redis Streams adapter for what must reach every dashboard (a change
 * of settings) and for connection state recovery: a dashboard whose node goes away reconnects to
 * another, which restores its session when it can, and sends it a snapshot either way.
 */
export async function startWebNode(o: WebNodeOptions): Promise<{ app: FastifyInstance; url: string }> {
  checkExposure(o.host, o.adminToken);
  const keys = keyspace(o.prefix);
  const log = o.logger.child({ part: 'redis' });
  let redisUp = false;
  // Three connections: the feed's blocking reads, the subscription to control answers, and the
  // rest (the adapter duplicates this one for its own blocking reads and subscriptions).
  const reading = connectRedis(o.url, (state, detail) => {
    redisUp = state === 'up';
    if (redisUp) log.info(detail);
    else log.warn(detail);
  });
  const shared = connectRedis(o.url);
  const transport = new RedisControl({
    redis: shared,
    subscriber: connectRedis(o.url),
    keys,
    clock: o.clock,
    ...(o.controlTimeoutMs !== undefined ? { maxWaitMs: o.controlTimeoutMs } : {}),
  });
  const feed = new ResultsFeed({
    redis: reading,
    keys,
    historyLimit: o.historyLimit ?? 360,
    clock: o.clock,
    logger: log,
  });
  const settings = new SharedSettings(shared, keys, o.settings);
  const control = new IngestorControl(transport);
  const keywords = new KeywordsService(control);
  const nodeStatus = (): SourceStatus => ({
    kind: 'tcp',
    address: redact(o.url),
    connected: redisUp && feed.connected,
    tweetsPerSec: 0,
    state: redisUp ? 'reading results from Redis' : 'Redis unreachable: retrying',
  });
  const source = new SourceService({ core: { sourceStatus: nodeStatus }, control, keywords });

  // Typed as the plain instance the plugins take (pino's Logger is a FastifyBaseLogger with more), as server.ts does.
  const app = Fastify({
    loggerInstance: o.logger,
    bodyLimit: 256 * 1024,
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as FastifyInstance;
  await app.register(allowList, {
    listenHost: o.host,
    allowedHosts: o.allowedHosts,
    allowedOrigins: o.allowedOrigins,
  });
  const startedAt = o.clock.now();
  await webNodeRoutes(app, {
    feed,
    settings,
    keywords,
    source,
    adminToken: o.adminToken,
    changeRateLimit: o.changeRateLimit ?? { max: 60, timeWindowMs: 60_000 },
    ...(o.failedAuth ? { failedAuth: o.failedAuth } : {}),
    health: () => ({
      uptimeSec: Math.round((o.clock.now() - startedAt) / 1000),
      // While Redis is away the feed's read waits (the client queues it) rather than fail: down is down.
      redis: { connected: redisUp, readingResults: redisUp && feed.connected },
    }),
    status: nodeStatus,
    tagDetail: async (key) => {
      const json = await shared.hget(keys.tags, key);
      return json === null ? null : (JSON.parse(json) as TagDetail);
    },
  });

  const snapshot = async (): Promise<Snapshot> => ({
    settings: await settings.get().catch(() => o.settings),
    latest: feed.history.latest(),
    history: feed.history.recent(60),
    source: await source.status(),
    keywords: keywords.current(),
    // Workers count the default tracker only: a web node shows it alone.
    tracker: DEFAULT_TRACKER,
    trackers: [],
    voice: null,
  });
  const sockets = attachSocketServer(app, {
    snapshot,
    allowList: app.allowList,
    minIntervalMs: o.broadcastIntervalMs ?? 200,
    clock: o.clock,
    cluster: {
      adapter: createAdapter(shared, {
        streamName: keys.socketio,
        channelPrefix: keys.socketioChannel,
        sessionKeyPrefix: keys.socketioSession,
      }),
      recoveryMs: o.recoveryMs ?? 120_000,
    },
  });
  const { io } = sockets;
  feed.onResult((r) => sockets.broadcast(r));
  // A new replay is counted afresh: what dashboards hold is out of date, as in the single process.
  feed.onRestart(() => sockets.resync());
  // A change of settings made here reaches every node's dashboards (the adapter), once each.
  settings.on('changed', (s) => void io.emit('settings', s));
  // What a node learns of the ingestor (its own requests, its polls) goes to its own dashboards:
  // every node polls while it has some, so each learns a change made through another within a second.
  keywords.on('changed', (k) => void io.local.emit('track', { keywords: k }));
  let lastSource = '';
  source.on('status', (status) => {
    const text = JSON.stringify(status);
    if (text === lastSource) return;
    lastSource = text;
    io.local.emit('source', status);
  });
  const poll = o.clock.setInterval(
    () => {
      if (io.engine.clientsCount > 0) void source.refresh(false).catch(() => undefined);
    },
    o.sourceIntervalMs ?? 1_000,
    { keepAlive: false },
  );

  await app.register(webAssets, { webDist: o.webDist });
  app.addHook('onClose', async () => {
    o.clock.clearTimeout(poll);
    await feed.stop();
    transport.stop();
    // QUIT, not a disconnect: the sessions of the dashboards just closed are still being written.
    await shared.quit().catch(() => undefined);
  });

  await transport.start();
  await feed.start();
  const address = await app.listen({ host: o.host, port: o.port });
  return { app, url: address };
}
