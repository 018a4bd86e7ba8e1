import { AdminGate, refusalAnswer } from '@tagstream/access';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { appendOnRequest, isChanging } from './route-hooks.ts';

export interface AdminAuthOptions {
  /** Changing endpoints require `Authorization: Bearer <token>` when set. */
  adminToken?: string | undefined;
}

/**
 * DESIGN.md §6: changing endpoints (PUT, POST) require the admin token when one is set;
 * reads stay open so viewers see everything.
 *
 * Authentication comes first, then budgets: this hook runs on each changing route before
 * the rate limiter's (which waits for preHandler), so a wrong token is charged to the
 * address's failure budget (the failed-auth plugin) and a right one to the admin's change
 * budget; failures never spend the admin's budget, and the right token is never held up by
 * them. The token is compared in constant time (AdminGate, shared with the ingestor).
 */
async function adminAuth(app: FastifyInstance, opts: AdminAuthOptions): Promise<void> {
  if (!opts.adminToken) return;
  const gate = new AdminGate(opts.adminToken, app.failedAuth);
  const check = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const verdict = await gate.check(req.ip, req.headers.authorization);
    if (verdict.ok) return undefined;
    const answer = refusalAnswer(verdict);
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  };
  app.addHook('onRoute', (route) => {
    if (isChanging(route)) appendOnRequest(route, check as onRequestHookHandler);
  });
}

export default fp(adminAuth, { name: 'tagstream-admin-auth', dependencies: ['tagstream-failed-auth'] });
