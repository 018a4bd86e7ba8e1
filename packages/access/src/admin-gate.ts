import { AdminToken, bearerToken } from './admin-token.ts';
import type { FailedAuthThrottle } from './failed-auth-throttle.ts';

/** What to answer a changing request, by its `Authorization` header. */
export type AdminVerdict =
  | { ok: true }
  | {
      ok: false;
      status: 401 | 429;
      message: string;
      /** For a 429: seconds to wait (`Retry-After`). */
      retryAfterSec?: number;
    };

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
