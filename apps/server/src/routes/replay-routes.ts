import type { FastifyInstance } from 'fastify';
import {
  ReplayRequestSchema,
  ReplaySpeedRequestSchema,
  SourceStatusSchema,
  type ReplayRequest,
  type ReplaySpeedRequest,
} from '@tagstream/protocol';
import { INGESTOR_ERRORS, ingestorFailure, noIngestor } from './ingestor-replies.ts';

/**
 * Replay control (DESIGN.md §6) through the source service, which passes it to
 * the ingestor and announces the new status. Each answers with the server's own
 * source status (file names only, never the ingestor's paths).
 */
export async function replayRoutes(app: FastifyInstance): Promise<void> {
  const { source } = app;
  const answers = { 200: SourceStatusSchema, ...INGESTOR_ERRORS };

  app.post(
    '/api/replay',
    {
      schema: {
        summary: 'Replays a recording from the recordings folder',
        body: ReplayRequestSchema,
        response: answers,
      },
      config: app.changeLimit,
    },
    async (req, reply) => {
      if (!source.available) return noIngestor(reply);
      const r = await source.replay(req.body as ReplayRequest);
      return r.ok ? r.value : ingestorFailure(reply, r.reply);
    },
  );

  for (const action of ['pause', 'resume'] as const) {
    app.post(
      `/api/replay/${action}`,
      {
        schema: {
          summary: `${action[0]!.toUpperCase()}${action.slice(1)}s the replay`,
          response: answers,
        },
        config: app.changeLimit,
      },
      async (_req, reply) => {
        if (!source.available) return noIngestor(reply);
        const r = await (action === 'pause' ? source.pause() : source.resume());
        return r.ok ? r.value : ingestorFailure(reply, r.reply);
      },
    );
  }

  app.post(
    '/api/replay/speed',
    {
      schema: { summary: 'Changes the replay speed', body: ReplaySpeedRequestSchema, response: answers },
      config: app.changeLimit,
    },
    async (req, reply) => {
      if (!source.available) return noIngestor(reply);
      const r = await source.speed(req.body as ReplaySpeedRequest);
      return r.ok ? r.value : ingestorFailure(reply, r.reply);
    },
  );
}
