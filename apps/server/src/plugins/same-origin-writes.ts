import type { WriteRefusal } from '@tagstream/access';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isChangingMethod } from './route-hooks.ts';

/**
 * Same-origin writes only, with a token or without one (DESIGN.md §8): without a token (the
 * default on loopback, and the demo) any page the user visits could otherwise change this
 * server through the user's browser; with one, a page could still try. Every changing
 * request that a browser marks as coming from a page this server does not serve (its
 * `Origin`, or `Sec-Fetch-Site` when there is none) is refused with 403. Programs send
 * neither header, so curl, the CLI and scripts keep working.
 */
export default fp(
  async function sameOriginWrites(app: FastifyInstance) {
    const { allowList } = app;
    app.addHook('onRequest', async (req, reply) => {
      if (!isChangingMethod(req.method)) return;
      const refusal = allowList.writeRefusal(req.headers);
      if (refusal === null) return;
      return reply
        .code(403)
        .send({ statusCode: 403, error: 'Forbidden', message: explain(refusal, req.headers.origin) });
    });
  },
  { name: 'tagstream-same-origin-writes', dependencies: ['tagstream-allow-list'] },
);

function explain(refusal: NonNullable<WriteRefusal>, origin: string | undefined): string {
  switch (refusal) {
    case 'null-origin':
      return 'a page with no origin (a sandboxed frame, a local file or a cross-site redirect) may not change this server';
    case 'foreign-origin':
      return `the page at ${origin} may not change this server (a cross-site request); if that page is yours, start the server with --origin ${origin}`;
    case 'cross-site':
      return 'a request from another site may not change this server';
  }
}
