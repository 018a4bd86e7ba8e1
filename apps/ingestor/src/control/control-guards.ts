import rateLimit from '@fastify/rate-limit';
import {
  AdminGate,
  refusalAnswer,
  browserMark,
  contentTypeRefusal,
  FailedAuthThrottle,
  type FailedAuthOptions,
} from '@tagstream/access';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ControlGuardOptions {
  /** Changes need `Authorization: Bearer <token>` when set. */
  adminToken?: string | undefined;
  /** The failed-login throttle's schedule and clock (tests shorten it). */
  failedAuth?: FailedAuthOptions;
  /** Requests per client address and window, every route (default 1200 a minute). */
  rateLimit?: { max: number; timeWindowMs: number };
}

const CHANGING = new Set(['PUT', 'POST', 'DELETE', 'PATCH']);

/**
 * Who may use the control API, checked in this order on every request:
 * - **programs only**: the server (and curl, scripts) call it, never a browser; every browser
 *   request carries `Sec-Fetch-Site` or `Origin`, a page trying its luck on 127.0.0.1:5555
 *   and a DNS-rebinding page alike, and is refused (403). No list of host names to keep, then,
 *   in Docker or behind a service name;
 * - **JSON bodies only** on changes (415), as on the server;
 * - **the admin token**, when set, on changes: the same check as the server's (AdminGate,
 *   constant time, its own budget of failures per address whose answers are held);
 * - **a rate limit** per address on every route, after the token (preHandler), so wrong
 *   tokens never spend it. The server asks `/status` at most twice a second and passes on
 *   its users' changes, which its own budgets bound: the default leaves room for both.
 */
export function guardControlApi<L extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, L>,
  opts: ControlGuardOptions,
): void {
  // fastify parses text/plain by default: one of the media types any page may send unasked.
  app.removeContentTypeParser('text/plain');
  const gate = opts.adminToken
    ? new AdminGate(opts.adminToken, new FailedAuthThrottle(opts.failedAuth))
    : null;

  app.addHook('onRequest', async (req, reply) => {
    const mark = browserMark(req.headers);
    if (mark !== null) {
      return reply.code(403).send({
        statusCode: 403,
        error: 'Forbidden',
        message: `the control API answers the tagstream server and scripts, not browsers (this request carries ${mark})`,
      });
    }
    if (!CHANGING.has(req.method)) return;
    const refusal = contentTypeRefusal(req.headers, ['application/json']);
    if (refusal !== null)
      return reply.code(415).send({ statusCode: 415, error: 'Unsupported Media Type', message: refusal });
    if (gate === null) return;
    const verdict = await gate.check(req.ip, req.headers.authorization);
    if (verdict.ok) return;
    const answer = refusalAnswer(verdict);
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  });

  const limit = opts.rateLimit ?? { max: 1200, timeWindowMs: 60_000 };
  void app.register(rateLimit, { max: limit.max, timeWindow: limit.timeWindowMs, hook: 'preHandler' });
}
