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
 * answers whatever no route took. The build writes a `.br` and a `.gz` beside
 * each file worth compressing (scripts/precompress-web.mjs), and `preCompressed`
 * sends the one the browser accepts, so the JavaScript goes out at a fifth of
 * its size without the server compressing it on every request.
 */
export default fp(
  async function webAssets(app: FastifyInstance, opts: WebAssetsOptions) {
    if (opts.webDist !== null && existsSync(opts.webDist)) {
      await app.register(fastifyStatic, {
        root: opts.webDist,
        wildcard: false,
        preCompressed: true,
        // The compressed copies are served in place of their originals, never under their own names.
        globIgnore: ['**/*.br', '**/*.gz'],
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
