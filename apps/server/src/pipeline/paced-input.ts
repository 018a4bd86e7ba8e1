import { parseLineGeneral } from '@tagstream/tweets';
import { feedLine, type CounterView, type LineTally, type LineTarget } from '@tagstream/stream';

export interface PacedInputOptions {
  /** Where lines go (the trackers), and where they are tallied. */
  target: LineTarget;
  tally: LineTally;
  /** The counter whose batch interval and watermark say how far a watermark line jumps. */
  counter: () => Pick<CounterView, 'options' | 'watermark' | 'batchesHaveTweets'>;
  /** Holds the input (what arrives waits, in order) until the returned function is called. */
  hold: () => () => void;
  clock: { monotonic(): number };
  /** Work done in one turn of the event loop before the next turn is awaited (ms); default 40: measured on a flood, 10 ms turns took the server 75 s to read what 40 ms turns read in 52 s (and 32 s unpaced), with `/api/health` p99 106 and 113 ms. */
  budgetMs?: number;
}

/**
 * Feeds the input lines to the counters so that no one line holds the event loop for long. A
 * watermark line that closes several batches at once (at `--speed max` the ingestor writes five
 * watermarks a second of wall time, each tens of thousands of tweets and ten or more batches
 * apart) is fed as one watermark per batch boundary, each in its own turn of the event loop
 * (within a time budget): closing a batch of a flood of unique tags costs tens of milliseconds,
 * and ten of them at once held `/api/health` for a third of a second of CPU. Meanwhile the input
 * is held and the lines already read wait here, in order, so every line is counted exactly as
 * it would have been at once. A jump is split only over batches that all hold tweets (a flood):
 * there, closing them one at a time gives the results closing them at once does
 * (`WindowedCounter.batchesHaveTweets`).
 */
export class PacedInput {
  /** What waits, in order: watermark steps, then the lines after them. */
  private readonly work: (() => void)[] = [];
  private release: (() => void) | null = null;
  private waiters: (() => void)[] = [];

  constructor(private readonly o: PacedInputOptions) {}

  /** Whether lines are waiting (the input is held meanwhile). */
  get busy(): boolean {
    return this.release !== null;
  }

  line(line: string): void {
    if (this.release !== null) this.work.push(() => this.now(line));
    else this.now(line);
  }

  /** Resolves once every line received so far has been fed (a checkpoint waits for it). */
  settled(): Promise<void> {
    if (this.release === null) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Feeds everything waiting, now (stopping). */
  flush(): void {
    while (this.work.length > 0) this.work.shift()!();
    this.done();
  }

  private now(line: string): void {
    const steps = this.steps(line);
    if (steps === null) {
      this.feed(line);
      return;
    }
    this.o.target.watermark(steps[0]!);
    // Ahead of anything already waiting: they came after this line.
    this.work.unshift(...steps.slice(1).map((t) => () => this.o.target.watermark(t)), () => this.feed(line));
    if (this.release === null) {
      this.release = this.o.hold();
      setImmediate(() => this.turn());
    }
  }

  /** The batch boundaries a plain watermark line passes, when it passes more than one; else null. */
  private steps(line: string): number[] | null {
    if (!line.startsWith('{"watermark":')) return null;
    const r = parseLineGeneral(line, 'auto');
    if (r.kind !== 'watermark' || r.stream !== undefined) return null;
    const counter = this.o.counter();
    const { batchMs } = counter.options;
    const watermark = counter.watermark;
    if (watermark === null) return null;
    const from = Math.floor(watermark / batchMs) + 1;
    const to = Math.floor(r.time / batchMs);
    if (to - from < 1) return null;
    // Only over batches that all hold tweets (a flood): windows that are never empty, whose emission cannot depend on the jump.
    if (!counter.batchesHaveTweets(from - 1, to)) return null;
    const steps: number[] = [];
    for (let k = from; k < to; k++) steps.push(k * batchMs);
    return steps;
  }

  private feed(line: string): void {
    feedLine(this.o.target, line, 'auto', this.o.tally);
  }

  private turn(): void {
    if (this.work.length === 0) return; // flushed meanwhile
    const started = this.o.clock.monotonic();
    const budget = this.o.budgetMs ?? 40;
    do this.work.shift()!();
    while (this.work.length > 0 && this.o.clock.monotonic() - started < budget);
    if (this.work.length > 0) setImmediate(() => this.turn());
    else this.done();
  }

  private done(): void {
    const release = this.release;
    this.release = null;
    for (const w of this.waiters.splice(0)) w();
    // Last: releasing feeds what the input held, which may start pacing again.
    release?.();
  }
}
