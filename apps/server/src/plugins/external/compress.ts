import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Compresses responses for clients that accept it (br, then gzip): the REST API's JSON (a history of
 * results is tens of kilobytes), the metrics and the OpenAPI document. The dashboard's files are
 * compressed at build time and served as such (see ../web-assets.ts); a reply that already carries a
 * Content-Encoding is left alone. Brotli runs at the plugin's default quality (4), fast enough per request.
 */
export default fp(
  async function compression(app: FastifyInstance) {
    await app.register(compress, { global: true, encodings: ['br', 'gzip'] });
  },
  { name: 'tagstream-compress' },
);
