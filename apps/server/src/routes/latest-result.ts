import type { BatchResult } from '@tagstream/protocol';
import type { FastifyReply } from 'fastify';

/** `GET /api/top`'s answer, on one process or a web node: the latest result, or a 404 saying why. */
export function latestOr404(latest: BatchResult | null, reply: FastifyReply): BatchResult | FastifyReply {
  if (latest !== null) return latest;
  return reply.code(404).send({
    statusCode: 404,
    error: 'Not Found',
    message: 'no result yet: the first window has not closed',
  });
}
