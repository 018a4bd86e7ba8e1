import type { LiveState } from './live-status.ts';
import type { XFailure } from './x-client.ts';

/**
 * X's published reconnection guidance for the v2 filtered stream, as a pure schedule.
 *
 * - After an established connection drops, reconnect at once (first attempt 0 ms).
 * - TCP/IP-level problems (refused, reset, TLS failure, stall): back off linearly, 250 ms more per
 *   attempt, up to 16 s.
 * - HTTP errors (5xx, and 4xx other than 429): back off exponentially from 5 s, doubling, up to 320 s.
 * - HTTP 429: back off exponentially from 1 minute, doubling. X publishes no ceiling; we stop doubling
 *   at 16 min (60 s · 2⁴), just past one 15-minute rate-limit window, since waiting several windows
 *   more gains nothing.
 *
 * The schedule restarts after a successful connection that delivered data or a keep-alive
 * ({@link ReconnectBackoff.reset}); a connection that is accepted and then dies silently does not
 * count as success, so a server that accepts and immediately hangs up is not retried in a hot loop.
 */

export type FailureKind = 'network' | 'http' | 'rate-limit';

export interface BackoffSchedule {
  /** Linear step and ceiling for network errors. */
  networkStepMs: number;
  networkMaxMs: number;
  /** Exponential start and ceiling for HTTP errors. */
  httpBaseMs: number;
  httpMaxMs: number;
  /** Exponential start and ceiling for HTTP 429. */
  rateLimitBaseMs: number;
  rateLimitMaxMs: number;
}

export const X_BACKOFF: Readonly<BackoffSchedule> = Object.freeze({
  networkStepMs: 250,
  networkMaxMs: 16_000,
  httpBaseMs: 5_000,
  httpMaxMs: 320_000,
  rateLimitBaseMs: 60_000,
  rateLimitMaxMs: 960_000,
});

/** The wait before the `attempt`-th consecutive retry (1-based) after failures of one kind. */
export function backoffDelay(
  kind: FailureKind,
  attempt: number,
  schedule: Readonly<BackoffSchedule> = X_BACKOFF,
): number {
  const n = Math.max(1, Math.floor(attempt));
  switch (kind) {
    case 'network':
      return Math.min(schedule.networkStepMs * n, schedule.networkMaxMs);
    case 'http':
      return exponential(schedule.httpBaseMs, n, schedule.httpMaxMs);
    case 'rate-limit':
      return exponential(schedule.rateLimitBaseMs, n, schedule.rateLimitMaxMs);
  }
}

function exponential(base: number, attempt: number, max: number): number {
  // Cap the exponent so a long outage cannot overflow to Infinity.
  const factor = 2 ** Math.min(attempt - 1, 40);
  return Math.min(base * factor, max);
}

/**
 * Stateful wrapper: counts consecutive failures per kind and knows whether the last connection was
 * healthy. Pure (no timers, no clock): callers schedule the returned delays themselves.
 */
export class ReconnectBackoff {
  private readonly attempts: Record<FailureKind, number> = { network: 0, http: 0, 'rate-limit': 0 };
  /** True after a healthy connection, until the drop that follows it has been answered with 0 ms. */
  private healthy = false;

  constructor(private readonly schedule: Readonly<BackoffSchedule> = X_BACKOFF) {}

  /** A connection delivered data or a keep-alive: forget earlier failures. */
  reset(): void {
    this.attempts.network = 0;
    this.attempts.http = 0;
    this.attempts['rate-limit'] = 0;
    this.healthy = true;
  }

  /**
   * An established connection dropped (closed, reset, stalled). The first drop after a healthy
   * connection is answered at once; a drop of a connection that never delivered anything counts as a
   * network error.
   */
  onDrop(): number {
    if (this.healthy) {
      this.healthy = false;
      return 0;
    }
    return this.onFailure('network');
  }

  /** A connection attempt failed with an error of this kind: the wait before the next attempt. */
  onFailure(kind: FailureKind): number {
    this.healthy = false;
    // Each kind has its own progression; a change of kind starts that kind's schedule afresh.
    for (const k of Object.keys(this.attempts) as FailureKind[]) {
      if (k !== kind) this.attempts[k] = 0;
    }
    this.attempts[kind] += 1;
    return backoffDelay(kind, this.attempts[kind], this.schedule);
  }

  /** Consecutive failures of the given kind so far (for status and logs). */
  failures(kind: FailureKind): number {
    return this.attempts[kind];
  }
}

/**
 * What follows a failed connection attempt (X's guidance per failure kind): the wait, the state
 * shown meanwhile and the reason. A rate limit waits at least until X's window resets.
 */
export function afterFailure(
  failure: XFailure,
  backoff: ReconnectBackoff,
  now: number,
): { delay: number; state: LiveState; message: string } {
  let delay: number;
  let state: LiveState;
  if (failure.kind === 'rate-limit') {
    delay = backoff.onFailure('rate-limit');
    state = 'rate-limited';
    const untilReset = (failure.rateLimitResetAt ?? 0) - now;
    if (untilReset > delay) delay = untilReset;
  } else if (failure.kind === 'http') {
    delay = backoff.onFailure('http');
    // 5xx: X's trouble, we keep reconnecting. 4xx (bad token, forbidden, bad request, refused
    // rules): needs a human, shown as an error, still retried on the slow HTTP schedule.
    state = failure.status !== undefined && failure.status >= 500 ? 'reconnecting' : 'error';
  } else {
    delay = backoff.onFailure('network');
    state = 'reconnecting';
  }
  const message = failure.status === undefined ? failure.message : `${failure.status} ${failure.message}`;
  return { delay, state, message };
}
