import type { BatchResult, TopEntry } from '@tagstream/protocol';
import { extractHashtags, LONG_ID, TagTable, type ScannedTweet, type Tweet } from '@tagstream/tweets';
import { emptyStats, type BatchStats } from '../batch-counts.ts';
import { resolveOptions, type CounterOptions } from '../options.ts';
// From the package's entry point: these moved between files while this prototype was written.
import { emptyCounterTotals, type CounterTotals, type ResultSink } from '../index.ts';
import { addStats } from '../window-counts.ts';
import { KeyIdBatch } from './key-id-batch.ts';
import { KeyIdTotals } from './key-id-totals.ts';
import { KeyIdWindow } from './key-id-window.ts';
import { RecentIds } from '../recent-ids.ts';
import { windowDisplayForm } from './window-display-form.ts';

/**
 * The prototype of issue 19: `WindowedCounter`'s counting (DESIGN.md §4: event-time batches,
 * watermarks, late and duplicate tweets, windows, the emission rule, top K with display forms,
 * running totals) on key ids instead of strings, fed by the byte-level reader. It gives the same
 * results as `WindowedCounter` on the same lines (tests compare them), without a string or an
 * object per tweet: ids are deduplicated as numbers, hashtags counted by the ids `TagTable`
 * gives their bytes. It is what phase 2 wires into the counter (see docs/performance.md); it
 * leaves out what the counter's other users need: checkpoints, retention for history, live
 * settings, filters, Space-Saving past `maxTotalKeys`.
 */
export class ScanCounter {
  readonly options: CounterOptions;
  readonly lifetime: CounterTotals = emptyCounterTotals();
  readonly tags = new TagTable();
  private readonly b: number;
  private readonly w: number;
  private readonly s: number;
  private readonly batches = new Map<number, KeyIdBatch>();
  /** Indices of `batches`, ascending. */
  private readonly indices: number[] = [];
  private readonly window: KeyIdWindow;
  private readonly totals: KeyIdTotals;
  private readonly ids: RecentIds;
  private windowEnd = -Infinity;
  private closedIdx = -Infinity;
  private nextEnd: number | null = null;
  private prevNonEmpty = false;
  private totalsUpTo = -Infinity;
  private sourceWatermark: number | null = null;
  private maxEventTime: number | null = null;
  private sawArrivalTime = false;
  private unplaced: BatchStats = emptyStats();
  private formSeq = 0;
  private seq = 0;
  private prevRanks = new Map<number, number>();
  /** The form ids of the tweet being counted, and their key ids. */
  private tweetForms = new Int32Array(64);
  private tweetKeys = new Int32Array(64);
  private lastBatch: KeyIdBatch | null = null;

  constructor(
    options: Partial<CounterOptions>,
    /** Wall time, for plain-text arrivals (the counter's `Clock`; only `now` is read). */
    private readonly clock: { now(): number },
    private readonly sink: ResultSink,
  ) {
    this.options = resolveOptions(options);
    this.b = this.options.batchMs;
    this.w = this.options.windowMs / this.b;
    this.s = this.options.slideMs / this.b;
    this.window = new KeyIdWindow(this.tags);
    this.totals = new KeyIdTotals(this.tags);
    this.ids = new RecentIds(this.options.dedupHorizonMs, this.options.maxIds);
  }

  /** Counts a tweet the byte-level reader read from `buf`. */
  addScanned(t: ScannedTweet, buf: Uint8Array): void {
    if (!this.options.retweets && t.retweet) {
      this.lifetime.filtered++;
      return;
    }
    const n = t.tags;
    if (n > this.tweetForms.length) this.growTweet(n);
    for (let k = 0; k < n; k++)
      this.tweetForms[k] = this.tags.formOf(buf, t.tagStart[k]!, t.tagEnd[k]!, t.tagHash[k]!);
    const time = t.time;
    this.seeEventTime(time);
    let fresh = true;
    if (t.idDigits > 0) fresh = this.ids.addDigits(t.idHigh, t.idLow, t.idDigits, time);
    else if (t.idDigits === LONG_ID) fresh = this.ids.add(digitsOf(buf, t.idStart, t.idEnd), time);
    this.place(time, fresh, n);
    if (this.sourceWatermark === null) this.advance();
  }

  /** Counts a tweet the exact path read (a line the byte-level reader declined). */
  addTweet(t: Tweet): void {
    if (!this.options.retweets && t.retweet) {
      this.lifetime.filtered++;
      return;
    }
    const tags = t.hashtags ?? extractHashtags(t.text);
    if (tags.length > this.tweetForms.length) this.growTweet(tags.length);
    for (let k = 0; k < tags.length; k++) this.tweetForms[k] = this.tags.formOfString(tags[k]!);
    let time = t.time;
    if (time === null) time = this.arrivalTime();
    else this.seeEventTime(time);
    const fresh = t.id === null || this.ids.add(t.id, time);
    this.place(time, fresh, tags.length);
    if (this.sourceWatermark === null && t.time !== null) this.advance();
  }

  /** A line that could not be parsed: counted in the window it arrived in. */
  malformed(): void {
    this.lifetime.malformed++;
    this.openStats().malformed++;
  }

  /** A watermark line from the source: from now on the source's word sets the watermark. */
  watermarkAt(time: number): void {
    if (!Number.isFinite(time)) return;
    if (this.sourceWatermark === null || time > this.sourceWatermark) this.sourceWatermark = time;
    this.advance();
  }

  /** Lets wall time close batches when the stream's time is the wall clock (plain text lines). */
  tick(): void {
    if (this.sourceWatermark === null && this.maxEventTime === null && this.sawArrivalTime) this.advance();
  }

  /** The input is finished: closes every batch and emits the trailing windows by the usual rule. */
  end(): void {
    const last = this.indices.length > 0 ? this.indices[this.indices.length - 1]! : null;
    if (last !== null) this.closeUpTo(last + this.w + this.s + 1);
  }

  private get watermark(): number | null {
    if (this.sourceWatermark !== null) return this.sourceWatermark;
    if (this.maxEventTime !== null) return this.maxEventTime - this.options.latenessMs;
    if (this.sawArrivalTime) return this.clock.now();
    return null;
  }

  private seeEventTime(time: number): void {
    if (this.maxEventTime === null || time > this.maxEventTime) this.maxEventTime = time;
  }

  /** Counts the tweet whose forms are in `tweetForms` at `time`, unless it is a duplicate or late. */
  private place(time: number, fresh: boolean, n: number): void {
    const k = Math.floor(time / this.b);
    if (!fresh) {
      this.lifetime.duplicates++;
      this.openStats().duplicates++;
      return;
    }
    if (k < this.closedIdx) {
      this.lifetime.late++;
      this.openStats().late++;
      return;
    }
    this.lifetime.tweets++;
    const batch = this.batch(k);
    const overflowBefore = batch.stats.overflow;
    const seq = this.formSeq++;
    batch.stats.tweets++;
    if (n > 0) {
      // Each distinct key once per tweet, with the first form the tweet gives it (DESIGN.md §4).
      const keys = this.tweetKeys;
      for (let i = 0; i < n; i++) {
        const form = this.tweetForms[i]!;
        const key = this.tags.keyOf(form);
        keys[i] = key;
        let seen = false;
        for (let j = 0; j < i; j++) if (keys[j] === key) seen = true;
        if (!seen) batch.addKey(key, form, seq);
      }
      batch.stats.tweetsWithTags++;
    }
    this.lifetime.overflow += batch.stats.overflow - overflowBefore;
  }

  private arrivalTime(): number {
    if (this.sourceWatermark !== null) return this.sourceWatermark;
    if (this.maxEventTime !== null) return this.maxEventTime;
    this.sawArrivalTime = true;
    return this.clock.now();
  }

  private advance(): void {
    const wm = this.watermark;
    if (wm === null) return;
    const idx = Math.floor(wm / this.b);
    if (idx > this.closedIdx) this.closeUpTo(idx);
  }

  private closeUpTo(idx: number): void {
    if (idx <= this.closedIdx) return;
    this.closedIdx = idx;
    this.nextEnd ??= this.firstCandidateEnd(-Infinity);
    while (this.nextEnd !== null && this.nextEnd <= idx) {
      const e: number = this.nextEnd;
      this.moveWindowTo(e);
      const nonEmpty = this.window.stats.tweets > 0;
      const due = nonEmpty || this.prevNonEmpty;
      this.prevNonEmpty = nonEmpty;
      this.nextEnd = nonEmpty ? e + this.s : Math.max(e + this.s, this.firstCandidateEnd(e));
      if (due) this.emit(e);
    }
    this.forgetOld();
  }

  private firstCandidateEnd(after: number): number {
    const s = this.s;
    const reachOpen = (Math.floor(this.closedIdx / s) + 1) * s;
    for (let i = this.lowerBound(after); i < this.indices.length; i++) {
      const k = this.indices[i]!;
      if (this.batches.get(k)!.stats.tweets === 0) continue;
      return Math.min((Math.floor(k / s) + 1) * s, reachOpen);
    }
    return reachOpen;
  }

  private moveWindowTo(e: number): void {
    const start = e - this.w;
    const oldStart = this.windowEnd - this.w;
    if (start >= this.windowEnd) {
      this.window.clear();
      for (const b of this.batchesIn(start, e)) this.window.add(b);
    } else {
      for (const b of this.batchesIn(this.windowEnd, e)) this.window.add(b);
      for (const b of this.batchesIn(oldStart, start)) this.window.subtract(b);
    }
    this.windowEnd = e;
    if (e > this.totalsUpTo) {
      for (const b of this.batchesIn(this.totalsUpTo, e)) this.totals.fold(b);
      this.totalsUpTo = e;
    }
  }

  private emit(e: number): void {
    const k = this.options.topK;
    const inWindow = this.batchesIn(e - this.w, e);
    const ranked = this.window.top(inWindow, k);
    const ranks = new Map<number, number>();
    const top: TopEntry[] = ranked.map((r, i) => {
      ranks.set(r.key, i + 1);
      return {
        tag: r.tag,
        display: windowDisplayForm(this.tags, r.key, inWindow),
        count: r.count,
        rank: i + 1,
        prevRank: this.prevRanks.get(r.key) ?? null,
      };
    });
    this.prevRanks = ranks;
    const st = this.window.stats;
    const totalsTop = this.totals.top(k).map((t, i) => ({
      tag: this.tags.keyString(t.key),
      display: this.totals.display(t.key),
      count: t.count,
      rank: i + 1,
    }));
    const result: BatchResult = {
      seq: this.seq++,
      batch: { start: iso((e - 1) * this.b), end: iso(e * this.b) },
      window: { start: iso((e - this.w) * this.b), end: iso(e * this.b) },
      top,
      stats: {
        tweets: st.tweets,
        tweetsWithTags: st.tweetsWithTags,
        distinctTags: this.window.distinct,
        late: st.late,
        duplicates: st.duplicates,
        malformed: st.malformed,
        overflow: st.overflow,
        processingMs: 0,
      },
      totals: { tweets: this.totals.tweets, top: totalsTop },
    };
    this.lifetime.emitted++;
    this.sink(result);
  }

  /** Drops batches no window or total still needs, and ids past the horizon. */
  private forgetOld(): void {
    const retain = Math.ceil(this.options.retentionMs / this.b);
    const keepFrom = Math.min(this.windowEnd - this.w, this.totalsUpTo, this.closedIdx - retain);
    let drop = 0;
    while (drop < this.indices.length && this.indices[drop]! < keepFrom) {
      this.batches.delete(this.indices[drop]!);
      drop++;
    }
    if (drop > 0) this.indices.splice(0, drop);
    if (this.lastBatch !== null && !this.batches.has(this.lastBatch.index)) this.lastBatch = null;
    const wm = this.watermark;
    if (wm !== null) this.ids.expire(Math.min(wm, this.closedIdx * this.b));
  }

  private batch(k: number): KeyIdBatch {
    // Most tweets fall in the batch of the tweet before: skip the map for them.
    const last = this.lastBatch;
    if (last !== null && last.index === k) return last;
    const existing = this.batches.get(k);
    if (existing !== undefined) return (this.lastBatch = existing);
    const b = new KeyIdBatch(k, this.options.maxKeysPerBatch);
    if (this.batches.size === 0) {
      addStats(b.stats, this.unplaced, 1);
      this.unplaced = emptyStats();
    }
    this.batches.set(k, b);
    this.indices.splice(this.lowerBound(k), 0, k);
    this.lastBatch = b;
    return b;
  }

  private openStats(): BatchStats {
    const wm = this.watermark;
    if (wm === null) return this.unplaced;
    return this.batch(Math.max(this.closedIdx, Math.floor(wm / this.b))).stats;
  }

  private batchesIn(from: number, to: number): KeyIdBatch[] {
    const out: KeyIdBatch[] = [];
    for (let i = this.lowerBound(from); i < this.indices.length && this.indices[i]! < to; i++) {
      out.push(this.batches.get(this.indices[i]!)!);
    }
    return out;
  }

  private lowerBound(k: number): number {
    const a = this.indices;
    if (a.length === 0 || a[a.length - 1]! < k) return a.length;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid]! < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private growTweet(n: number): void {
    this.tweetForms = new Int32Array(n * 2);
    this.tweetKeys = new Int32Array(n * 2);
  }
}

/** The digits of an id too long for numbers, as a string (from a view of the bytes, not a copy of the buffer). */
function digitsOf(buf: Uint8Array, start: number, end: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
