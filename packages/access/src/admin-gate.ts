import { AdminToken, bearerToken } from './admin-token.ts';
import type { FailedAuthThrottle } from './failed-auth-throttle.ts';

/** A changing request the gate turns away: why, in HTTP terms. */
export interface AdminRefusal {
  ok: false;
  status: 401 | 429;
  message: string;
  /** For a 429: seconds to wait (`Retry-After`). */
  retryAfterSec?: number;
}

/** What to answer a changing request, by its `Authorization` header. */
export type AdminVerdict = { ok: true } | AdminRefusal;

/** The answer to send for a refusal, the same from the server and the control API. */
export function refusalAnswer(refusal: AdminRefusal): {
  status: 401 | 429;
  headers: Record<string, string>;
  body: { statusCode: 401 | 429; error: string; message: string };
} {
  const { status, message } = refusal;
  const headers: Record<string, string> =
    status === 401
      ? { 'www-authenticate': 'Bearer' }
      : // The connection goes with a 429: a held one may come after a shutdown began, which waits for open connections.
        { 'retry-after': String(refusal.retryAfterSec ?? 1), connection: 'close' };
  return {
    status,
    headers,
    body: { statusCode: status, error: status === 401 ? 'Unauthorized' : 'Too Many Requests', message },
  };
}

/**
 * The admin check of the server's changing routes and of the ingestor's control API, in one
 * place so both answer alike: a request without a token is told it needs one (that costs
 * nothing: it guesses nothing); a token is checked in constant time (AdminToken); the right
 * one passes, whatever failed before from the same address; a wrong one counts against the
 * address's own failure budget (FailedAuthThrottle), whose answers become 429s held for a
 * growing delay. Requests that pass then meet the admin's own budget (the app's rate limit).
 */
export class AdminGate {
  private readonly token: AdminToken;

  constructor(
    token: string,
    private readonly throttle: FailedAuthThrottle,
  ) {
    this.token = new AdminToken(token);
  }

  async check(address: string, authorization: string | undefined): Promise<AdminVerdict> {
    const given = bearerToken(authorization);
    if (given === null) {
      return {
        ok: false,
        status: 401,
        message: 'this change needs the admin token (Authorization: Bearer …)',
      };
    }
    const admitted = this.throttle.admit(address);
    if (!admitted.ok)
      return tooMany(
        admitted.retryAfterMs,
        'too many wrong admin tokens from your address are still waiting for their answer, so this request was not checked',
      );
    if (this.token.matches(given)) return { ok: true };
    const answer = await this.throttle.failed(address);
    if (!answer.throttled) return { ok: false, status: 401, message: 'the admin token was refused' };
    return tooMany(
      answer.delayMs,
      `the admin token was refused, and your address has sent too many wrong ones: each answer now waits ${seconds(answer.delayMs)} s`,
    );
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function tooMany(waitMs: number, why: string): AdminVerdict {
  return {
    ok: false,
    status: 429,
    message: `${why}; try again in ${seconds(waitMs)} s`,
    retryAfterSec: seconds(waitMs),
  };
}
