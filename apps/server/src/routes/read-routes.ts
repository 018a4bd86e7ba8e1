import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  BatchResultSchema,
  ErrorSchema,
  HealthSchema,
  HistoryQuerySchema,
  SettingsSchema,
  SourceStatusSchema,
  TagDetailSchema,
} from '@tagstream/protocol';
import { tagKey } from '@tagstream/stream';

/** The read side of the REST API (DESIGN.md §6): open to every viewer. */
export async function readRoutes(app: FastifyInstance): Promise<void> {
  const { core, settings, source } = app;
  const startedAt = Date.now();

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
      schema: { summary: 'The latest batch result', response: { 200: BatchResultSchema, 404: ErrorSchema } },
    },
    async (_req, reply) => {
      const latest = core.history.latest();
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
        summary: 'Recent results, oldest first',
        querystring: HistoryQuerySchema,
        response: { 200: Type.Array(BatchResultSchema), 400: ErrorSchema },
      },
    },
    async (req) => core.history.recent((req.query as { limit?: number }).limit ?? 100),
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
        summary: "A tag's sample tweets and its count per batch over the retained history",
        params: Type.Object({ tag: Type.String({ minLength: 1, maxLength: 1000 }) }),
        response: { 200: TagDetailSchema, 400: ErrorSchema },
      },
    },
    async (req) => {
      const raw = (req.params as { tag: string }).tag.replace(/^[#＃]/, '');
      // A tag never seen is shown as asked for.
      return core.tagDetail(tagKey(raw), '#' + raw);
    },
  );
}
