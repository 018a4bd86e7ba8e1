import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ReplayRequestSchema, TrackSchema } from '@tagstream/protocol';
import type { AppDeps } from '../app-deps.ts';
import type { ControlReply } from '../ingestor-control.ts';

/**
 * Source control (DESIGN.md §6): track keywords and replay, passed to the
 * ingestor's control API. Each change is broadcast through `onChange`.
 */
export async function controlRoutes(
  app: FastifyInstance,
  deps: AppDeps & { onTrack: (keywords: string[]) => void; onSourceChange: () => void },
): Promise<void> {
  const rateLimit = { rateLimit: { max: deps.changeRateLimit, timeWindow: '1 minute' } };
  const pass = (reply: FastifyReply, r: ControlReply): FastifyReply => reply.code(r.status).send(r.body);
  const noIngestor = (reply: FastifyReply): FastifyReply =>
    reply.code(503).send({
      statusCode: 503,
      error: 'Service Unavailable',
      message:
        'this server reads a plain line source; track and replay need the tagstream ingestor (--control)',
    });

  app.get('/api/track', { schema: { response: { 200: TrackSchema } } }, async (_req, reply) => {
    if (deps.control === null) return { keywords: [] };
    return pass(reply, await deps.control.get('/track'));
  });

  app.put('/api/track', { schema: { body: TrackSchema }, config: rateLimit }, async (req, reply) => {
    if (deps.control === null) return noIngestor(reply);
    const r = await deps.control.send('PUT', '/track', req.body);
    if (r.status === 200) deps.onTrack((r.body as { keywords: string[] }).keywords);
    return pass(reply, r);
  });

  app.post(
    '/api/replay',
    { schema: { body: ReplayRequestSchema }, config: rateLimit },
    async (req, reply) => {
      if (deps.control === null) return noIngestor(reply);
      const r = await deps.control.send('POST', '/replay', req.body);
      deps.onSourceChange();
      return pass(reply, r);
    },
  );

  for (const action of ['pause', 'resume'] as const) {
    app.post(`/api/replay/${action}`, { config: rateLimit }, async (_req, reply) => {
      if (deps.control === null) return noIngestor(reply);
      const r = await deps.control.send('POST', `/replay/${action}`);
      deps.onSourceChange();
      return pass(reply, r);
    });
  }

  app.post(
    '/api/replay/speed',
    {
      schema: {
        body: Type.Object({
          speed: Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }), Type.Literal('max')]),
        }),
      },
      config: rateLimit,
    },
    async (req, reply) => {
      if (deps.control === null) return noIngestor(reply);
      const r = await deps.control.send('POST', '/replay/speed', req.body);
      deps.onSourceChange();
      return pass(reply, r);
    },
  );
}
