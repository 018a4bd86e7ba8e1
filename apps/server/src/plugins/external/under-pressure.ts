import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface UnderPressureOptions {
  /** Overrides for @fastify/under-pressure (tests force the pressure state with a failing health check). */
  overrides?: Record<string, unknown> | undefined;
}

/**
 * Sheds load with 503 when the event loop is stuck (@fastify/under-pressure).
 * Health and metrics still answer: their routes carry a pressure handler that
 * lets them through.
 */
export default fp(
  async function loadShedding(app: FastifyInstance, opts: UnderPressureOptions) {
    await app.register(underPressure, { maxEventLoopDelay: 1_000, retryAfter: 5, ...opts.overrides });
  },
  { name: 'tagstream-under-pressure' },
);
