import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { LiveCore } from '../pipeline/live-core.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The counting pipeline (TCP lines → counter → results); everything else listens to it. */
    core: LiveCore;
  }
}

export interface CoreOptions {
  core: LiveCore;
}

/**
 * The pipeline as a decorator, with its lifecycle: resumed from its checkpoint
 * when registered, reading its source once the app is ready, and stopped (with a
 * final checkpoint) when the app closes. fastify runs close hooks last-added
 * first, so this one, added before any listener's, runs after they have let go.
 */
export default fp(
  async function core(app: FastifyInstance, opts: CoreOptions) {
    await opts.core.restore();
    app.decorate('core', opts.core);
    app.addHook('onReady', async () => opts.core.start());
    app.addHook('onClose', async () => opts.core.stop());
  },
  { name: 'tagstream-core' },
);
