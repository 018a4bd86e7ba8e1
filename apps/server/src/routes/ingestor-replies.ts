import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import { ErrorSchema, type ErrorBody, type RuleError } from '@tagstream/protocol';
import type { ControlReply } from '../ingestor-control.ts';

/** The error answers a route that reaches the ingestor may give. */
export const INGESTOR_ERRORS = {
  400: ErrorSchema,
  401: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  429: ErrorSchema,
  502: ErrorSchema,
  503: ErrorSchema,
  504: ErrorSchema,
};

/** Track and replay need our ingestor's control API; a plain line source (`nc -lk`) has none. */
export function noIngestor(reply: FastifyReply): FastifyReply {
  return reply.code(503).send({
    statusCode: 503,
    error: 'Service Unavailable',
    message:
      'this server reads a plain line source; track and replay need the tagstream ingestor (--control)',
  });
}

/**
 * The ingestor's refusal as this server's answer. What a client can act on (a
 * rule error with its position, no such recording, no replay running) passes
 * through; a refused token, the ingestor's own throttling of this server, or a
 * failure between server and ingestor is a 502 that says so. Never the ingestor's paths.
 */
export function ingestorFailure(reply: FastifyReply, r: ControlReply): FastifyReply {
  const body = (typeof r.body === 'object' && r.body !== null ? r.body : {}) as Partial<ErrorBody>;
  const message =
    typeof body.message === 'string' ? hidePaths(body.message) : `the ingestor answered ${r.status}`;
  if (r.status === 401 || r.status === 403) {
    return reply.code(502).send({
      statusCode: 502,
      error: 'Bad Gateway',
      message:
        "the ingestor refused this server's admin token: start both with the same TAGSTREAM_ADMIN_TOKEN",
    });
  }
  if (r.status === 429) {
    // The ingestor's budgets are for this server, not for the client: its rate limit, or a token it keeps refusing.
    return reply.code(502).send({
      statusCode: 502,
      error: 'Bad Gateway',
      message: `the ingestor is turning this server away: ${message}`,
    });
  }
  // Asked through Redis and no ingestor answered in time: a gateway's timeout, said as one.
  if (r.status === 504) {
    return reply.code(504).send({ statusCode: 504, error: 'Gateway Timeout', message });
  }
  if (r.status >= 500 || r.status < 400) {
    return reply.code(502).send({ statusCode: 502, error: 'Bad Gateway', message });
  }
  return reply.code(r.status).send({
    statusCode: r.status,
    error: STATUS_CODES[r.status] ?? 'Error',
    message,
    ...(isRuleError(body.rule) ? { rule: body.rule } : {}),
  });
}

function isRuleError(value: unknown): value is RuleError {
  const r = value as Partial<RuleError> | null | undefined;
  return (
    typeof r === 'object' &&
    r !== null &&
    Number.isInteger(r.index) &&
    Number.isInteger(r.position) &&
    Number.isInteger(r.length) &&
    typeof r.message === 'string'
  );
}

/** `/srv/data/recordings/x.jsonl: no such file` → `x.jsonl: no such file`: the host's folders are not the client's business. */
function hidePaths(message: string): string {
  return message.replace(/(?:[A-Za-z]:)?(?:[\\/][^\s\\/:"']+)+[\\/]([^\s\\/:"']+)/g, '$1');
}
