import { systemClock, type Timers } from '@tagstream/time';

export interface FailedAuthOptions {
  /** Time and the waits of held answers; the system clock by default. */
  timers?: Timers;
  /** Wrong tokens from one address answered at once before any delay (typos happen). Default 10. */
  freeFailures?: number;
  /** The delay after the free failures; it doubles with each further failure. Default 1 s. */
  firstDelayMs?: number;
  /** The longest delay. Default 30 s. */
  maxDelayMs?: number;
  /** Answers held at once for one address; past that, its requests are refused unchecked. Default 4. */
  maxHeld?: number;
  /** An address with no failure for this long starts afresh. Default 15 minutes. */
  forgetAfterMs?: number;
  /** Addresses remembered at once (the oldest forgotten first past it). Default 10,000. */
  maxAddresses?: number;
}

interface Failures {
  count: number;
  lastAt: number;
  held: number;
}

/** How a wrong token's answer goes out. */
export interface FailureAnswer {
  /** False for the free failures (401 at once); true once the address is over them (429, held). */
  throttled: boolean;
  /** How long this answer was held, which is also how long a client should wait before the next try. */
  delayMs: number;
}

/**
 * The failed-authentication budget of each client address: its own, separate from the
 * budget of requests that carry the right token, so that failures never lock the admin out.
 *
 * Why the wrong answers are *held* rather than refused at once: a right token must always
 * get through (it is the admin, whoever else shares the address), so a request cannot be
 * refused before its token is checked, and an immediate "no" would let a guesser learn
 * each answer as fast as it can send. Instead, once an address is past its free failures,
 * each wrong answer waits a delay that doubles with every failure, and only `maxHeld`
 * answers may wait at once: a request from an address with that many waiting is refused
 * without its token being checked. A guesser thus gets at most `maxHeld` answers per delay
 * (4 per 30 s at the defaults), while the admin is stopped only while someone at the same
 * address has that many wrong answers waiting at that very moment.
 */
export class FailedAuthThrottle {
  private readonly timers: Timers;
  private readonly freeFailures: number;
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxHeld: number;
  private readonly forgetAfterMs: number;
  private readonly maxAddresses: number;
  private readonly byAddress = new Map<string, Failures>();
  private readonly closing = new AbortController();

  constructor(options: FailedAuthOptions = {}) {
    this.timers = options.timers ?? systemClock;
    this.freeFailures = options.freeFailures ?? 10;
    this.firstDelayMs = options.firstDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.maxHeld = options.maxHeld ?? 4;
    this.forgetAfterMs = options.forgetAfterMs ?? 15 * 60_000;
    this.maxAddresses = options.maxAddresses ?? 10_000;
  }

  /**
   * Whether a token from `address` may be checked now; otherwise how long to wait: the
   * address already has `maxHeld` wrong answers waiting.
   */
  admit(address: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const f = this.current(address);
    if (f === undefined || f.held < this.maxHeld) return { ok: true };
    return { ok: false, retryAfterMs: this.delayFor(f.count) };
  }

  /**
   * Counts a wrong token from `address` and resolves when its answer may go out: at once
   * for the free failures, after the current delay past them.
   */
  async failed(address: string): Promise<FailureAnswer> {
    const now = this.timers.now();
    let f = this.current(address);
    if (f === undefined) {
      if (this.byAddress.size >= this.maxAddresses) this.sweep(now);
      f = { count: 0, lastAt: now, held: 0 };
      this.byAddress.set(address, f);
    }
    f.count++;
    f.lastAt = now;
    // Kept in order of last failure, so that the sweep forgets the quietest first.
    this.byAddress.delete(address);
    this.byAddress.set(address, f);
    const delayMs = this.delayFor(f.count);
    if (delayMs === 0) return { throttled: false, delayMs };
    f.held++;
    try {
      await this.timers.sleep(delayMs, this.closing.signal);
    } finally {
      f.held--;
    }
    return { throttled: true, delayMs };
  }

  /**
   * Sends every held answer now, and holds none from here on: the app is closing, and a held
   * answer would keep its connection, and so the shutdown, waiting for up to the longest delay.
   */
  close(): void {
    this.closing.abort();
  }

  /** Failures on record for `address` (0 once forgotten). */
  failures(address: string): number {
    return this.current(address)?.count ?? 0;
  }

  private delayFor(count: number): number {
    const over = count - this.freeFailures;
    if (over <= 0) return 0;
    return Math.min(this.maxDelayMs, this.firstDelayMs * 2 ** Math.min(over - 1, 30));
  }

  private current(address: string): Failures | undefined {
    const f = this.byAddress.get(address);
    if (f !== undefined && f.held === 0 && this.timers.now() - f.lastAt >= this.forgetAfterMs) {
      this.byAddress.delete(address);
      return undefined;
    }
    return f;
  }

  private sweep(now: number): void {
    for (const [address, f] of this.byAddress)
      if (f.held === 0 && now - f.lastAt >= this.forgetAfterMs) this.byAddress.delete(address);
    // Still full of recent failures: forget the oldest (never one whose answers are waiting).
    for (const [address, f] of this.byAddress) {
      if (this.byAddress.size < this.maxAddresses) break;
      if (f.held === 0) this.byAddress.delete(address);
    }
  }
}
