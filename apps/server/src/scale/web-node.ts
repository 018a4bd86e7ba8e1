import { DEFAULT_TRACKER, type Snapshot, type SourceStatus } from '@tagstream/protocol';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { connectRedis, keyspace, redact } from '@tagstream/redis';
import type { Settings } from '@tagstream/protocol';
import type { Timers } from '@tagstream/time';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { checkExposure } from '../exposure.ts';
import allowList from '../plugins/allow-list.ts';
import hostCheck from '../plugins/host-check.ts';
import webAssets from '../plugins/web-assets.ts';
import { attachSocketServer } from '../realtime/socket-server.ts';
import { ResultsFeed } from './results-feed.ts';

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
  clock: Timers;
  logger: Logger;
}

/**
 * `tagstream serve --redis URL` (DESIGN.md §9): a stateless web node. Everything it shows comes
 * from Redis: the results stream (ResultsFeed) and the shared settings. Each node reads the
 * results stream itself and sends each result to its own clients once, so every client gets
 * every batch whatever the number of nodes; a client whose node dies reconnects to another and
 * gets a snapshot there. The same guards as the single process (the allow-list of names and
 * origins, on REST and on the socket.io handshake) apply.
 */
export async function startWebNode(o: WebNodeOptions): Promise<{ app: FastifyInstance; url: string }> {
  checkExposure(o.host, o.adminToken);
  const keys = keyspace(o.prefix);
  const log = o.logger.child({ part: 'redis' });
  let redisUp = false;
  const redis = connectRedis(o.url, (state, detail) => {
    redisUp = state === 'up';
    if (redisUp) log.info(detail);
    else log.warn(detail);
  });
  // The adapter's connection: it duplicates it for its blocking reads and its subscriptions.
  const shared = connectRedis(o.url);
  const feed = new ResultsFeed({
    redis,
    keys,
    historyLimit: o.historyLimit ?? 360,
    clock: o.clock,
    logger: log,
  });
  // Typed as the plain instance the plugins take (pino's Logger is a FastifyBaseLogger with more), as server.ts does.
  const app = Fastify({ loggerInstance: o.logger }) as unknown as FastifyInstance;
  await app.register(allowList, {
    listenHost: o.host,
    allowedHosts: o.allowedHosts,
    allowedOrigins: o.allowedOrigins,
  });
  await app.register(hostCheck);

  const settings = async (): Promise<Settings> => (await feed.settings().catch(() => null)) ?? o.settings;
  const source = (): SourceStatus => ({
    kind: 'tcp',
    address: redact(o.url),
    connected: redisUp && feed.connected,
    tweetsPerSec: 0,
    state: redisUp ? 'reading results from Redis' : 'Redis unreachable: retrying',
  });
  const snapshot = async (): Promise<Snapshot> => ({
    settings: await settings(),
    latest: feed.history.latest(),
    history: feed.history.recent(60),
    source: source(),
    keywords: [],
    // Trackers are the single process's for now: a web node shows the one default tracker.
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
  feed.onResult((r) => sockets.broadcast(r));

  const startedAt = o.clock.now();
  app.get('/api/health', async () => ({
    status: 'ok' as const,
    uptimeSec: Math.round((o.clock.now() - startedAt) / 1000),
    source: { connected: source().connected, address: source().address },
    redis: { connected: redisUp, readingResults: feed.connected },
    lastBatchAt: feed.history.latest()?.batch.end ?? null,
  }));
  app.get('/api/top', async (_req, reply) => {
    const latest = feed.history.latest();
    if (latest === null)
      return reply.code(404).send({
        statusCode: 404,
        error: 'Not Found',
        message: 'no result yet: the first window has not closed',
      });
    return latest;
  });
  app.get('/api/history', async (req) => {
    const limit = Number((req.query as { limit?: string }).limit ?? 100);
    return feed.history.recent(Number.isInteger(limit) && limit > 0 ? limit : 100);
  });
  app.get('/api/settings', async () => settings());
  app.get('/api/source', async () => source());
  await app.register(webAssets, { webDist: o.webDist });
  app.addHook('onClose', async () => {
    await feed.stop();
    // QUIT, not a disconnect: the sessions of the dashboards just closed are still being written.
    await shared.quit().catch(() => undefined);
  });

  await feed.start();
  const address = await app.listen({ host: o.host, port: o.port });
  return { app, url: address };
}
