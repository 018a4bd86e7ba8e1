import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { tokenWeakness, type FailedAuthOptions } from '@tagstream/access';
import Fastify, { LogController } from 'fastify';
import type { Logger } from 'pino';
import type { Ingestor } from '../ingestor.ts';
import { guardControlApi } from './control-guards.ts';
import { controlRoutes } from './control-routes.ts';

export interface ControlApiOptions {
  ingestor: Ingestor;
  recordingsDir: string;
  adminToken?: string | undefined;
  logger: Logger;
  /** The failed-login throttle's schedule and clock (tests shorten it). */
  failedAuth?: FailedAuthOptions;
  /** Requests per client address and window (default 1200 a minute). */
  rateLimit?: { max: number; timeWindowMs: number };
}

/**
 * The ingestor's small HTTP control plane (DESIGN.md §1): status, track keywords,
 * replay control, recordings. The server's REST API calls it; data never flows here.
 * Its routes, bodies and answers are `IngestorControlRoutes` in @tagstream/protocol;
 * who may call them is control-guards.ts.
 */
export function buildControlApi(opts: ControlApiOptions) {
  const app = Fastify({
    loggerInstance: opts.logger,
    bodyLimit: 64 * 1024,
    logController: new LogController({ disableRequestLogging: true }),
    // Bodies are validated as written: no `"ether"` turned into `["ether"]`, no unknown field dropped.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
  });
  const weakness = opts.adminToken ? tokenWeakness(opts.adminToken) : null;
  if (weakness !== null) opts.logger.warn(weakness);
  guardControlApi(app, opts);
  // Registered after the guards' plugins (the rate limit), so that their hooks reach every route.
  void app.register(async (scoped) =>
    controlRoutes(scoped.withTypeProvider<TypeBoxTypeProvider>(), opts.ingestor, opts.recordingsDir),
  );
  return app;
}
