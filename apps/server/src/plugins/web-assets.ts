import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface WebAssetsOptions {
  /** The built dashboard (apps/web/dist), or null to serve the API only. */
  webDist: string | null;
}

const notFound = (method: string, url: string) => ({
  statusCode: 404,
  error: 'Not Found',
  message: `no route ${method} ${url.split('?')[0]!.slice(0, 200)}`,
});

/**
 * The built dashboard with its SPA fallback, and the 404 for everything else.
 * Without a build, `/` says how to make one. Registered last: the fallback
 * answers whatever no route took.
 */
export default fp(
  async function webAssets(app: FastifyInstance, opts: WebAssetsOptions) {
    if (opts.webDist !== null && existsSync(opts.webDist)) {
      await app.register(fastifyStatic, {
        root: opts.webDist,
        wildcard: false,
        // Vite's asset names carry a content hash; the page itself must be revalidated to pick up a new build.
        setHeaders: (res, file) => {
          res.header(
            'cache-control',
            /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      });
      // SPA fallback: any other GET that is not an API path gets the dashboard.
      app.setNotFoundHandler((req, reply) => {
        if (req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/socket.io')) {
          return reply.header('cache-control', 'no-cache').sendFile('index.html');
        }
        return reply.code(404).send(notFound(req.method, req.url));
      });
    } else {
      app.get('/', { schema: { hide: true } }, async (_req, reply) =>
        reply
          .type('text/plain')
          .send('tagstream API is running. The dashboard is not built: run `npm run build:web`.\n'),
      );
      app.setNotFoundHandler((req, reply) => reply.code(404).send(notFound(req.method, req.url)));
    }
  },
  { name: 'tagstream-web-assets' },
);
