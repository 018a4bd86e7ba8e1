import type { BatchResult } from '@tagstream/protocol';
import type { Clock } from '@tagstream/time';
import type { BatchCounts } from './batch-counts.ts';
import { CompactBatch } from './compact-batch.ts';
import type { CounterTotals } from './counter-totals.ts';
import type { ResultSink } from './counter-wiring.ts';
import type { RetainedBatch } from './retained-batch.ts';
import type { RetainedBatches } from './retained-batches.ts';
import { RunningTotals } from './running-totals.ts';
import type { StringDictionary } from './string-dictionary.ts';
import { WindowCounts } from './window-counts.ts';
import type { WindowDetail } from './window-detail.ts';
import { windowResult } from './window-result.ts';

/** What the emission works on: the counter's batches and strings, and where its results go. */
export interface EmissionContext {
  batches: RetainedBatches;
  strings: StringDictionary;
  /** The window's key pairs (related tags) and profiles, moved with the window. */
  detail: WindowDetail;
  clock: Clock;
  sink: ResultSink;
  lifetime: CounterTotals;
  batchMs: number;
  maxTotalKeys: number;
}

/**
 * The counter's windows as batches close (DESIGN.md §4–5): which window ends are due (the
 * emission rule, skipping the empty stretches of a recording that spans years), the window's
 * counts moved to each end, closed batches folded into the running totals as they are
 * compacted, and each result built and sent. `WindowedCounter` decides when batches close;
 * this turns closed batches into results. Positions are batch indices.
 */
export class WindowEmission {
  readonly window = new WindowCounts();
  readonly totals: RunningTotals;
  /** The window currently held in `window` ends at this batch index. */
  windowEnd = -Infinity;
  /** The next window end to consider, or null before the first batch closes. */
  nextEnd: number | null = null;
  prevNonEmpty = false;
  /** Batches below this index have been folded into the running totals. */
  totalsUpTo = -Infinity;
  seq = 0;
  prevRanks = new Map<string, number>();
  lastResult: BatchResult | null = null;
  /** Window and slide in batches, and the top list's length. */
  private w = 1;
  private s = 1;
  private topK = 1;
  private related = 0;

  constructor(private readonly c: EmissionContext) {
    this.totals = new RunningTotals(c.maxTotalKeys, c.strings);
  }

  /**
   * Sets window, slide (both in batches), K and the related tags listed with each entry. Call
   * `rebuild` after a change on a running counter.
   */
  shape(windowBatches: number, slideBatches: number, topK: number, related: number): void {
    this.w = windowBatches;
    this.s = slideBatches;
    this.topK = topK;
    this.related = related;
  }

  /** The window's length, in batches. */
  get windowBatches(): number {
    return this.w;
  }

  /** Rebuilds the window from the retained batches after a change of shape: the next result uses it. */
  rebuild(): void {
    if (Number.isFinite(this.windowEnd)) {
      this.window.clear();
      this.c.batches.each(this.windowEnd - this.w, this.windowEnd, (b) => this.window.add(b));
      this.c.detail.rebuild(this.windowEnd - this.w, this.windowEnd);
      // The first end on the new slide's grid after the last end already considered.
      this.nextEnd = (Math.floor(this.windowEnd / this.s) + 1) * this.s;
    } else if (this.nextEnd !== null) {
      this.nextEnd = null;
    }
  }

  /** Emits every window due now that batches below `closedIdx` are closed. */
  closeTo(closedIdx: number): void {
    this.nextEnd ??= this.firstCandidateEnd(-Infinity, closedIdx);
    while (this.nextEnd !== null && this.nextEnd <= closedIdx) {
      const e: number = this.nextEnd;
      this.moveWindowTo(e);
      const nonEmpty = this.window.stats.tweets > 0;
      const due = nonEmpty || this.prevNonEmpty;
      // State moves on before the sink sees the result, so a checkpoint taken from inside the sink resumes after it.
      this.prevNonEmpty = nonEmpty;
      this.nextEnd = nonEmpty ? e + this.s : Math.max(e + this.s, this.firstCandidateEnd(e, closedIdx));
      if (due) this.emit(e);
    }
  }

  /** The oldest batch index that a window or the totals still need. */
  get neededFrom(): number {
    return Math.min(this.windowEnd - this.w, this.totalsUpTo);
  }

  /** The index after the last window that can hold batch `last`, and after the first empty one past it. */
  trailingEnd(last: number): number {
    return last + this.w + this.s + 1;
  }

  /**
   * The first window end worth looking at after an empty window ending at `after`:
   * the first end whose window reaches the next batch holding tweets, or, if none is
   * known, the first end that a batch still open could reach. Skipping the rest is
   * what lets a recording that spans years emit only the windows that hold tweets.
   */
  private firstCandidateEnd(after: number, closedIdx: number): number {
    const s = this.s;
    const reachOpen = (Math.floor(closedIdx / s) + 1) * s;
    const k = this.c.batches.firstWithTweetsFrom(after);
    return k === null ? reachOpen : Math.min((Math.floor(k / s) + 1) * s, reachOpen);
  }

  private moveWindowTo(e: number): void {
    const { batches } = this.c;
    const [start, oldStart, oldEnd] = [e - this.w, this.windowEnd - this.w, this.windowEnd];
    if (start >= this.windowEnd) {
      this.window.clear();
      batches.each(start, e, (b) => this.window.add(b));
    } else {
      batches.each(this.windowEnd, e, (b) => this.window.add(b));
      batches.each(oldStart, start, (b) => this.window.subtract(b));
    }
    this.windowEnd = e;
    if (e > this.totalsUpTo) {
      // Batches below e are closed: each is folded into the totals as it is compacted.
      batches.each(this.totalsUpTo, e, (retained) => {
        const b = asOpen(retained);
        this.totals.tweets += b.stats.tweets;
        batches.replace(new CompactBatch(b, this.c.strings, this.foldIntoTotals));
        this.c.detail.recycle(b);
        b.release();
      });
      this.totalsUpTo = e;
    }
    this.c.detail.moved(oldStart, oldEnd, start, e);
  }

  private emit(e: number): void {
    const { clock, batches } = this.c;
    const started = clock.monotonic();
    const { result, ranks } = windowResult({
      seq: this.seq++,
      end: e,
      batchMs: this.c.batchMs,
      windowBatches: this.w,
      topK: this.topK,
      related: this.c.detail.forResult(this.related),
      window: this.window,
      strings: this.c.strings,
      prevRanks: this.prevRanks,
      tallies: (keyId) => batches.talliesOf(keyId, e - this.w, e),
      totals: this.totals,
    });
    this.prevRanks = ranks;
    result.stats.processingMs = round3(Math.max(0, clock.monotonic() - started));
    this.lastResult = result;
    this.c.lifetime.emitted++;
    this.c.sink(result);
  }

  private readonly foldIntoTotals = (batch: BatchCounts, i: number): void => this.totals.addEntry(batch, i);
}

/** Batches are compacted only once closed and folded, so a batch still written to or folded is open. */
export function asOpen(b: RetainedBatch): BatchCounts {
  if (b instanceof CompactBatch) throw new Error(`batch ${b.index} is compacted but still in use`);
  return b;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
