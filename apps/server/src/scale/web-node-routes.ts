import type { FailedAuthOptions } from '@tagstream/access';
import {
  ErrorSchema,
  SettingsChangeSchema,
  SettingsPatchSchema,
  TagDetailSchema,
  type SettingsPatch,
  type TagDetail,
  type SourceStatus,
} from '@tagstream/protocol';
import { CounterOptionsError, tagKey } from '@tagstream/stream';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import adminAuth from '../plugins/admin-auth.ts';
import errorHandler from '../plugins/error-handler.ts';
import helmet from '../plugins/external/helmet.ts';
import rateLimit from '../plugins/external/rate-limit.ts';
import failedAuth from '../plugins/failed-auth-throttle.ts';
import hostCheck from '../plugins/host-check.ts';
import jsonBodies from '../plugins/json-bodies.ts';
import type { KeywordsService } from '../plugins/keywords.ts';
import sameOriginWrites from '../plugins/same-origin-writes.ts';
import type { SourceService } from '../plugins/source.ts';
import strictBodies from '../plugins/strict-bodies.ts';
import { replayRoutes } from '../routes/replay-routes.ts';
import { latestOr404 } from '../routes/latest-result.ts';
import { trackRoutes } from '../routes/track-routes.ts';
import type { ResultsFeed } from './results-feed.ts';
import type { SharedSettings } from './shared-settings.ts';

export interface WebNodeRoutesOptions {
  feed: ResultsFeed;
  settings: SharedSettings;
  keywords: KeywordsService;
  source: SourceService;
  adminToken?: string | undefined;
  changeRateLimit: { max: number; timeWindowMs: number };
  failedAuth?: FailedAuthOptions;
  /** The web node's own health beside the results' (uptime, Redis). */
  health: () => { uptimeSec: number; redis: { connected: boolean; readingResults: boolean } };
  status: () => SourceStatus;
  /** A tag's drill-down as the emitter last wrote it (the latest top and rising tags), or null. */
  tagDetail: (key: string) => Promise<TagDetail | null>;
}

/**
 * A web node's REST API (DESIGN.md §6 on Redis, §9): the same guards as the single process
 * (names and origins, JSON bodies validated as written, the admin token on every change with
 * its own throttle, the change budget), the read routes over the results feed, and the changes:
 * track keywords and replay through the ingestor's control API reached over Redis (the single
 * process's routes and services, another transport), settings in Redis for everyone.
 * Call after the allow-list is registered.
 */
export async function webNodeRoutes(app: FastifyInstance, o: WebNodeRoutesOptions): Promise<void> {
  await app.register(helmet);
  await app.register(hostCheck);
  await app.register(sameOriginWrites);
  await app.register(jsonBodies);
  await app.register(strictBodies);
  await app.register(rateLimit, { changeRateLimit: o.changeRateLimit });
  await app.register(errorHandler);
  await app.register(failedAuth, o.failedAuth ?? {});
  await app.register(adminAuth, { adminToken: o.adminToken });
  app.decorate('keywords', o.keywords);
  app.decorate('source', o.source);

  const { feed } = o;
  app.get('/api/health', async () => ({
    status: 'ok' as const,
    ...o.health(),
    source: { connected: o.status().connected, address: o.status().address },
    lastBatchAt: feed.history.latest()?.batch.end ?? null,
  }));
  app.get('/api/top', async (_req, reply) => latestOr404(feed.history.latest(), reply));
  app.get('/api/history', async (req) => {
    const limit = Number((req.query as { limit?: string }).limit ?? 100);
    return feed.history.recent(Number.isInteger(limit) && limit > 0 ? limit : 100);
  });
  app.get('/api/settings', async () => o.settings.get());
  app.get(
    '/api/tags/:tag',
    {
      schema: {
        summary: "A tag's drill-down: on a web node, for the latest result's top and rising tags",
        params: Type.Object({ tag: Type.String({ minLength: 1, maxLength: 1000 }) }),
        response: { 200: TagDetailSchema, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const raw = (req.params as { tag: string }).tag.replace(/^[#＃]/, '');
      const detail = await o.tagDetail(tagKey(raw));
      if (detail !== null) return detail;
      // The emitter keeps drill-downs for the tags people can click, not for every tag it counts.
      return reply.code(404).send({
        statusCode: 404,
        error: 'Not Found',
        message: `no drill-down for #${raw}: web nodes have them for the latest top and rising tags`,
      });
    },
  );
  app.get('/api/source', async () => o.source.status());
  app.put(
    '/api/settings',
    {
      schema: {
        summary:
          'Changes counting settings for every worker and node (a new batch interval restarts counting)',
        body: SettingsPatchSchema,
        response: { 200: SettingsChangeSchema, 400: ErrorSchema, 401: ErrorSchema, 429: ErrorSchema },
      },
      config: app.changeLimit,
    },
    async (req, reply) => {
      try {
        return await o.settings.apply(req.body as SettingsPatch);
      } catch (err) {
        if (err instanceof CounterOptionsError)
          return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: err.message });
        throw err;
      }
    },
  );
  await app.register(trackRoutes);
  await app.register(replayRoutes);
}
