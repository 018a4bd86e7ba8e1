import { FailedAuthThrottle, type FailedAuthOptions } from '@tagstream/access';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** Each client address's budget of wrong admin tokens, apart from the admin's own. */
    failedAuth: FailedAuthThrottle;
  }
}

/**
 * The failed-login throttle (DESIGN.md §8): wrong admin tokens are counted per client
 * address in a budget of their own, and past the free ones each answer is held for a delay
 * that doubles (see FailedAuthThrottle). The admin-auth plugin charges it; the right token
 * never does, and never waits on it.
 */
export default fp(
  async function failedAuthThrottle(app: FastifyInstance, opts: FailedAuthOptions) {
    const throttle = new FailedAuthThrottle(opts);
    app.decorate('failedAuth', throttle);
    // Held answers go out at once when the server closes, rather than hold up the shutdown.
    app.addHook('preClose', (done) => {
      throttle.close();
      done();
    });
  },
  { name: 'tagstream-failed-auth' },
);
