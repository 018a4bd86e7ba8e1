import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TrackedCount } from '../pipeline/trackers/tracked-count.ts';
import {
  BatchResultSchema,
  ErrorSchema,
  HealthSchema,
  HistoryQuerySchema,
  SettingsSchema,
  SourceStatusSchema,
  TagDetailSchema,
  TrackerQuerySchema,
  type TrackerQuery,
} from '@tagstream/protocol';
import { tagKey } from '@tagstream/stream';

/** The read side of the REST API (DESIGN.md §6): open to every viewer. */
export async function readRoutes(app: FastifyInstance): Promise<void> {
  const { core, settings, source } = app;
  const startedAt = Date.now();
  /** The tracker `?tracker=NAME` asks for (the default one without it), or a 404 saying there is none. */
  const trackerOf = (query: unknown, reply: FastifyReply): TrackedCount | null => {
    const name = (query as TrackerQuery).tracker;
    const count = core.tracker(name);
    if (count === null)
      void reply.code(404).send({
        statusCode: 404,
        error: 'Not Found',
        message: `no tracker named "${name}": GET /api/trackers lists them`,
      });
    return count;
  };

  // Cheap and synchronous on purpose: load balancers and `docker compose` poll it.
  app.get(
    '/api/health',
    // Answers even when the server sheds load (under-pressure): a pressure handler that lets it through.
    {
      schema: { summary: 'Liveness', response: { 200: HealthSchema } },
      config: { pressureHandler: () => undefined },
    },
    async () => {
      const s = core.sourceStatus();
      return {
        status: 'ok' as const,
        uptimeSec: Math.round((Date.now() - startedAt) / 1000),
        source: { connected: s.connected, address: s.address },
        lastBatchAt: core.history.latest()?.batch.end ?? null,
      };
    },
  );

  app.get(
    '/api/top',
    {
      schema: {
        summary: "The latest batch result (a tracker's with ?tracker=NAME)",
        querystring: TrackerQuerySchema,
        response: { 200: BatchResultSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const count = trackerOf(req.query, reply);
      if (count === null) return reply;
      const latest = count.history.latest();
      if (latest === null)
        return reply.code(404).send({
          statusCode: 404,
          error: 'Not Found',
          message: 'no result yet: the first window has not closed',
        });
      return latest;
    },
  );

  app.get(
    '/api/history',
    {
      schema: {
        summary: "Recent results, oldest first (a tracker's with ?tracker=NAME)",
        querystring: HistoryQuerySchema,
        response: { 200: Type.Array(BatchResultSchema), 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const count = trackerOf(req.query, reply);
      if (count === null) return reply;
      return count.history.recent((req.query as { limit?: number }).limit ?? 100);
    },
  );

  app.get(
    '/api/settings',
    { schema: { summary: 'Counting settings', response: { 200: SettingsSchema } } },
    async () => settings.get(),
  );

  app.get(
    '/api/source',
    { schema: { summary: 'Source status', response: { 200: SourceStatusSchema } } },
    async () => source.status(),
  );

  app.get(
    '/api/tags/:tag',
    {
      schema: {
        summary:
          "A tag's sample tweets and its count per batch over the retained history (in a tracker with ?tracker=NAME)",
        params: Type.Object({ tag: Type.String({ minLength: 1, maxLength: 1000 }) }),
        querystring: TrackerQuerySchema,
        response: { 200: TagDetailSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const count = trackerOf(req.query, reply);
      if (count === null) return reply;
      const raw = (req.params as { tag: string }).tag.replace(/^[#＃]/, '');
      // A tag never seen is shown as asked for.
      return count.tagDetail(tagKey(raw), '#' + raw, 20);
    },
  );
}
