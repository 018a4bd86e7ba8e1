import type { FastifyInstance } from 'fastify';
import { ErrorSchema, SettingsChangeSchema, SettingsPatchSchema, type Settings } from '@tagstream/protocol';
import { CounterOptionsError } from '@tagstream/stream';
import type { AppDeps } from '../app-deps.ts';
import { changeLimit } from '../plugins/change-rate-limit.ts';

/** `PUT /api/settings`: counting settings that change live (DESIGN.md §6). */
export async function settingsRoutes(
  app: FastifyInstance,
  deps: AppDeps & { onSettings: (s: Settings) => void },
): Promise<void> {
  app.put(
    '/api/settings',
    {
      schema: {
        summary: 'Changes counting settings live (a new batch interval restarts counting)',
        body: SettingsPatchSchema,
        response: { 200: SettingsChangeSchema, 400: ErrorSchema, 401: ErrorSchema, 429: ErrorSchema },
      },
      config: changeLimit(deps),
    },
    async (req, reply) => {
      try {
        const r = deps.core.applySettings(req.body as Partial<Settings>);
        deps.onSettings(r.settings);
        return { ...r.settings, reset: r.reset, message: r.message };
      } catch (err) {
        if (err instanceof CounterOptionsError) {
          return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: err.message });
        }
        throw err;
      }
    },
  );
}
