import type { LiveState, LiveStatus } from '@tagstream/protocol';
import type { Clock } from '@tagstream/time';
import type { Logger } from 'pino';
import type { StreamRule } from './rules-sync.ts';

/** The live stream's state, as the control API reports it (the contract is in @tagstream/protocol). */
export type { LiveState, LiveStatus };

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
