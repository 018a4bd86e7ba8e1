import { STATUS_CODES } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The one error handler: client errors keep their message, server errors never
 * leak internals (the real error goes to the log). A 503 is load shedding by
 * @fastify/under-pressure, logged as a warning and answered with advice.
 */
export default fp(
  async function errorHandler(app: FastifyInstance) {
    app.setErrorHandler((err: { statusCode?: number; message: string }, req, reply) => {
      const status =
        err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
      if (status >= 500) {
        if (status === 503) req.log.warn({ url: req.url }, 'under pressure: request refused');
        else req.log.error({ err }, 'request failed');
        return reply.code(status).send({
          statusCode: status,
          error: STATUS_CODES[status] ?? 'Internal Server Error',
          message:
            status === 503
              ? 'the server is overloaded; try again shortly'
              : 'something went wrong on the server',
        });
      }
      return reply
        .code(status)
        .send({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: err.message });
    });
  },
  { name: 'tagstream-error-handler' },
);
