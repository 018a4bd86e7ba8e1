import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  BatchResultSchema,
  ErrorSchema,
  HealthSchema,
  HistoryQuerySchema,
  SettingsSchema,
  SourceStatusSchema,
} from '@tagstream/protocol';
import { tagKey } from '@tagstream/stream';
import type { AppDeps } from '../app-deps.ts';
import { sourceStatus } from './source-status.ts';

const SampleSchema = Type.Object({
  id: Type.Union([Type.String(), Type.Null()]),
  text: Type.String(),
  author: Type.Union([Type.String(), Type.Null()]),
  time: Type.Union([Type.String(), Type.Null()]),
  url: Type.Union([Type.String(), Type.Null()]),
});

const TagDetailSchema = Type.Object({
  tag: Type.String(),
  display: Type.String(),
  samples: Type.Array(SampleSchema),
  series: Type.Array(Type.Object({ end: Type.String(), count: Type.Integer() })),
});

/** The read side of the REST API (DESIGN.md §6): open to every viewer. */
export async function readRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { core } = deps;
  const startedAt = Date.now();

  app.get('/api/health', { schema: { response: { 200: HealthSchema } } }, async () => {
    const s = core.sourceStatus();
    return {
      status: 'ok' as const,
      uptimeSec: Math.round((Date.now() - startedAt) / 1000),
      source: { connected: s.connected, address: s.address },
      lastBatchAt: core.history.latest()?.batch.end ?? null,
    };
  });

  app.get(
    '/api/top',
    { schema: { response: { 200: BatchResultSchema, 404: ErrorSchema } } },
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
    { schema: { querystring: HistoryQuerySchema, response: { 200: Type.Array(BatchResultSchema) } } },
    async (req) => core.history.recent((req.query as { limit?: number }).limit ?? 100),
  );

  app.get('/api/settings', { schema: { response: { 200: SettingsSchema } } }, async () => core.getSettings());

  app.get('/api/source', { schema: { response: { 200: SourceStatusSchema } } }, async () =>
    sourceStatus(deps),
  );

  app.get(
    '/api/tags/:tag',
    {
      schema: {
        params: Type.Object({ tag: Type.String({ minLength: 1, maxLength: 1000 }) }),
        response: { 200: TagDetailSchema },
      },
    },
    async (req) => {
      const raw = (req.params as { tag: string }).tag.replace(/^[#＃]/, '');
      const key = tagKey(raw);
      const history = core.history.recent(360);
      let display = '#' + raw;
      const series = history.map((r) => {
        const entry = r.top.find((t) => t.tag === key);
        if (entry) display = entry.display;
        return { end: r.window.end, count: entry?.count ?? 0 };
      });
      return { tag: key, display, samples: core.samples.find(key, 20), series };
    },
  );
}
