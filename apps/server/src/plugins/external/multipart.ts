import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface MultipartOptions {
  /** Largest file in a multipart upload, as sent. */
  fileSizeLimit: number;
}

/** Multipart bodies (@fastify/multipart) for recording uploads: one file, size-limited. */
export default fp(
  async function multipartBodies(app: FastifyInstance, opts: MultipartOptions) {
    await app.register(multipart, { limits: { fileSize: opts.fileSizeLimit, files: 1 } });
  },
  { name: 'tagstream-multipart' },
);
