import type { FastifyInstance } from 'fastify';
import {
  ErrorSchema,
  SettingsChangeSchema,
  SettingsPatchSchema,
  type SettingsPatch,
} from '@tagstream/protocol';
import { CounterOptionsError } from '@tagstream/stream';

/** `PUT /api/settings`: counting settings that change live (DESIGN.md §6), through the settings service. */
export async function settingsRoutes(app: FastifyInstance): Promise<void> {
  app.put(
    '/api/settings',
    {
      schema: {
        summary: 'Changes counting settings live (a new batch interval restarts counting)',
        body: SettingsPatchSchema,
        response: { 200: SettingsChangeSchema, 400: ErrorSchema, 401: ErrorSchema, 429: ErrorSchema },
      },
      config: app.changeLimit,
    },
    async (req, reply) => {
      try {
        return app.settings.apply(req.body as SettingsPatch);
      } catch (err) {
        if (err instanceof CounterOptionsError) {
          return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: err.message });
        }
        throw err;
      }
    },
  );
}
