import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';

const CHANGING = new Set(['PUT', 'POST', 'DELETE', 'PATCH']);

export interface AdminAuthOptions {
  /** Changing endpoints require `Authorization: Bearer <token>` when set. */
  adminToken?: string | undefined;
}

/**
 * DESIGN.md §6: changing endpoints (PUT, POST) require the admin token when one
 * is set; reads stay open so viewers see everything. Compared in constant time.
 *
 * The check is added to each changing route after the rate limiter's hook
 * (this plugin depends on the rate limit's), so guessing the token is rate
 * limited like any other change.
 */
async function adminAuth(app: FastifyInstance, opts: AdminAuthOptions): Promise<void> {
  const token = opts.adminToken;
  if (!token) return;
  const want = Buffer.from(token);
  const check = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const header = req.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    if (given.length !== want.length || !timingSafeEqual(given, want)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'this change needs the admin token (Authorization: Bearer …)',
      });
    }
    return undefined;
  };
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.some((m) => CHANGING.has(m))) return;
    const hook = check as onRequestHookHandler;
    const existing = route.onRequest;
    route.onRequest =
      existing === undefined ? [hook] : Array.isArray(existing) ? [...existing, hook] : [existing, hook];
  });
}

export default fp(adminAuth, { name: 'tagstream-admin-auth', dependencies: ['tagstream-rate-limit'] });
