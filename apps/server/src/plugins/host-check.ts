import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * DNS rebinding (DESIGN.md §8): a page on a name its owner points at this machine counts as
 * same-origin to the browser, cookies and all, and could read and change everything here.
 * Its requests carry that foreign name in `Host`, so every request whose `Host` is not one
 * this server answers to (see the allow-list) is refused with 421, before any route, static
 * file or fallback runs. socket.io's handshake, which never reaches fastify, checks the same
 * list (realtime/socket-server.ts).
 */
export default fp(
  async function hostCheck(app: FastifyInstance) {
    const { allowList } = app;
    app.addHook('onRequest', async (req, reply) => {
      const { host } = req.headers;
      if (allowList.hostAllowed(host)) return;
      const name = allowList.hostname(host ?? '') ?? host;
      return reply.code(421).send({
        statusCode: 421,
        error: 'Misdirected Request',
        message: `this server does not answer to the name ${JSON.stringify(name)} (a guard against DNS rebinding); if the name is yours, start the server with --allowed-host ${name}`,
      });
    });
  },
  { name: 'tagstream-host-check', dependencies: ['tagstream-allow-list'] },
);
