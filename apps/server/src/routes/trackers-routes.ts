import type { FastifyInstance } from 'fastify';
import { TrackersSchema, type Trackers } from '@tagstream/protocol';
import { INGESTOR_ERRORS, ingestorFailure } from './ingestor-replies.ts';

/**
 * `GET` and `PUT /api/trackers` (DESIGN.md §6): named rules counted side by side, through the
 * trackers service, which has the ingestor and the core apply them and announces the change.
 */
export async function trackersRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/trackers',
    {
      schema: {
        summary: 'The trackers counted beside the default one (everything)',
        response: { 200: TrackersSchema },
      },
    },
    async () => ({ trackers: app.trackers.list() }),
  );

  const schema = {
    summary:
      'Replaces the trackers (name + rule each; 400 points at a rule error). Each has its own windows, top list, totals and history: ?tracker=NAME on the read endpoints',
    body: TrackersSchema,
    response: { 200: TrackersSchema, ...INGESTOR_ERRORS },
  };
  app.put(
    '/api/trackers',
    {
      // The body as written (plugins/strict-bodies.ts): no coercion, an unknown field refused, not dropped.
      schema,
      config: app.changeLimit,
    },
    async (req, reply) => {
      const r = await app.trackers.set((req.body as Trackers).trackers);
      if (r.ok) return { trackers: r.value };
      if ('invalid' in r) {
        const { message, rule } = r.invalid;
        return reply
          .code(400)
          .send({ statusCode: 400, error: 'Bad Request', message, ...(rule ? { rule } : {}) });
      }
      return ingestorFailure(reply, r.reply);
    },
  );
}
