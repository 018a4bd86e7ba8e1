import type { FastifyInstance } from 'fastify';
import { ErrorSchema, TrackSchema, type Track } from '@tagstream/protocol';
import { INGESTOR_ERRORS, ingestorFailure, noIngestor } from './ingestor-replies.ts';

/**
 * `GET` and `PUT /api/track` (DESIGN.md §6): the track keywords, through the
 * keywords service, which has the ingestor apply them and announces the change.
 */
export async function trackRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/track',
    { schema: { summary: 'The track keywords', response: { 200: TrackSchema, 502: ErrorSchema } } },
    async (_req, reply) => {
      const r = await app.keywords.read();
      return r.ok ? { keywords: r.value } : ingestorFailure(reply, r.reply);
    },
  );

  app.put(
    '/api/track',
    {
      schema: {
        summary: 'Sets the track keywords (rule language; 400 points at a rule error)',
        body: TrackSchema,
        response: { 200: TrackSchema, ...INGESTOR_ERRORS },
      },
      config: app.changeLimit,
    },
    async (req, reply) => {
      if (!app.keywords.available) return noIngestor(reply);
      const r = await app.keywords.set((req.body as Track).keywords);
      return r.ok ? { keywords: r.value } : ingestorFailure(reply, r.reply);
    },
  );
}
