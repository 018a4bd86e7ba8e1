import type { Clock } from '@tagstream/time';
import type { Logger } from 'pino';
import type { StreamRule } from './rules-sync.ts';

export type LiveState = 'connecting' | 'connected' | 'reconnecting' | 'rate-limited' | 'error' | 'closed';

export interface LiveStatus {
  state: LiveState;
  /** When the next connection attempt is due (epoch ms), while waiting for one. */
  retryAt?: number;
  /** Why we are not connected: X's error title/detail, or the network error. Never the token. */
  message?: string;
  /** Since when the current connection is up (epoch ms). */
  connectedSince?: number;
  /** Tweet lines forwarded to `onLine` since start. */
  tweets: number;
  /** Reconnection attempts started since start (the first connection is not one). */
  reconnects: number;
  /** The stream rules that carry our keywords: ours, plus any foreign rule with the same value. */
  rules: StreamRule[];
}

export interface LiveStatusReportOptions {
  log: Logger;
  clock: Clock;
  /** Takes secrets out of a text (every message passes through it). */
  clean: (text: string) => string;
  onStatus?: ((status: LiveStatus) => void) | undefined;
}

/**
 * The live source's status as it changes: each change of state, retry time or reason is
 * logged once (a warning for the states that need a look), and every change is announced to
 * `onStatus`, whose failure is logged, never thrown into the connection's lifecycle.
 */
export class LiveStatusReport {
  private current: LiveStatus = { state: 'connecting', tweets: 0, reconnects: 0, rules: [] };

  constructor(private readonly o: LiveStatusReportOptions) {}

  /** A copy of the status, safe to keep. */
  snapshot(): LiveStatus {
    return { ...this.current, rules: this.current.rules.map((r) => ({ ...r })) };
  }

  get state(): LiveState {
    return this.current.state;
  }

  /** One more tweet line forwarded (not announced: a count, not a change of state). */
  countTweet(): void {
    this.current.tweets += 1;
  }

  /** One more reconnection attempt started. */
  countReconnect(): void {
    this.current.reconnects += 1;
  }

  /** Applies a change (undefined fields are removed), logging and announcing it if anything changed. */
  set(patch: Partial<LiveStatus>): void {
    const before = this.current;
    const next: LiveStatus = { ...before, ...patch };
    for (const key of Object.keys(next) as (keyof LiveStatus)[]) {
      if (next[key] === undefined) delete next[key];
    }
    if (next.message !== undefined) next.message = this.o.clean(next.message);
    this.current = next;
    const changed =
      before.state !== next.state ||
      before.retryAt !== next.retryAt ||
      before.message !== next.message ||
      before.connectedSince !== next.connectedSince ||
      !sameRules(before.rules, next.rules);
    if (!changed) return;
    if (before.state !== next.state || before.retryAt !== next.retryAt || before.message !== next.message) {
      const fields = {
        state: next.state,
        ...(next.retryAt === undefined
          ? {}
          : { retryAt: new Date(next.retryAt).toISOString(), retryInMs: next.retryAt - this.o.clock.now() }),
        ...(next.message === undefined ? {} : { reason: next.message }),
        reconnects: next.reconnects,
      };
      const quiet = next.state === 'connecting' || next.state === 'connected' || next.state === 'closed';
      if (quiet) this.o.log.info(fields, `live stream ${next.state}`);
      else this.o.log.warn(fields, `live stream ${next.state}`);
    }
    this.announce();
  }

  /** Tells `onStatus` the status as it stands. */
  announce(): void {
    if (!this.o.onStatus) return;
    try {
      this.o.onStatus(this.snapshot());
    } catch (err) {
      this.o.log.error({ reason: this.o.clean(String(err)) }, 'onStatus failed');
    }
  }
}

function sameRules(a: StreamRule[], b: StreamRule[]): boolean {
  return a.length === b.length && a.every((r, i) => r.id === b[i]?.id && r.value === b[i]?.value);
}
