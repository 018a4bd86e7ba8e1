import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/**
 * DESIGN.md §6: changing endpoints (PUT, POST) require the admin token when one
 * is set; reads stay open so viewers see everything. Compared in constant time.
 */
export function registerAdminAuth(app: FastifyInstance, token: string | undefined): void {
  if (!token) return;
  const want = Buffer.from(token);
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'PUT' && req.method !== 'POST' && req.method !== 'DELETE' && req.method !== 'PATCH')
      return;
    const header = req.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    if (given.length !== want.length || !timingSafeEqual(given, want)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'this change needs the admin token (Authorization: Bearer …)',
      });
    }
  });
}
