import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { SharedRateStore } from '../shared-rate-store.ts';

/** The route option that puts a changing route under the shared per-client budget. */
export interface ChangeLimit {
  rateLimit: { max: number; timeWindow: number; groupId: string };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Route `config` for every changing route: one budget per client across all of them. */
    changeLimit: ChangeLimit;
  }
}

export interface RateLimitOptions {
  /** Requests per client (IP) and time window on changing endpoints. */
  changeRateLimit: { max: number; timeWindowMs: number };
}

/**
 * @fastify/rate-limit, off by default and switched on per changing route with
 * `config: app.changeLimit`, every route drawing on one store (see SharedRateStore). This
 * is the admin's budget (everyone's, without a token): it is checked at preHandler, after
 * the admin token (onRequest), so requests with a wrong token never spend it; those have a
 * budget of their own (the failed-auth plugin).
 */
export default fp(
  async function changeRateLimit(app: FastifyInstance, opts: RateLimitOptions) {
    const store = new SharedRateStore();
    await app.register(rateLimit, {
      global: false,
      hook: 'preHandler',
      store: function SharedStore() {
        return store;
      } as unknown as NonNullable<RateLimitPluginOptions['store']>,
    });
    app.decorate('changeLimit', {
      rateLimit: {
        max: opts.changeRateLimit.max,
        timeWindow: opts.changeRateLimit.timeWindowMs,
        groupId: 'changes',
      },
    });
  },
  { name: 'tagstream-rate-limit' },
);
