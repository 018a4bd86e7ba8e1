import { ScannedTweet, type Tweet } from '@tagstream/tweets';
import type { LineTarget } from './line-input.ts';

/** What the held tweets are counted into: a counting session. */
export type CountTarget = Pick<LineTarget, 'add' | 'addScanned' | 'malformed'>;

/**
 * A recording's tweets held to be counted in event-time order (DESIGN.md §4: recorded files are
 * replayed ordered by `created_at`, stable for equal times, because search tools write newest
 * first). Lines go in as they are read (a `LineTarget` for `feedBytes`), `countInto` sorts and
 * counts them. A line the byte-level reader read is held as what it read (the time, the id as
 * numbers, the hashtags' byte ranges: about 46 bytes and 12 a hashtag) beside the bytes it came
 * from, not as a `Tweet` with its strings; tweets the exact path made are held as they are.
 *
 * Tweets without a time sort as if they had the time of the nearest timed one before them in
 * the input, so they stay beside the tweets they were recorded with (`sortByEventTime`'s rule).
 * Watermark lines are skipped: a capture of our own TCP output carries them, and the order here
 * is the tweets' own.
 */
export class EventTimeOrder implements LineTarget {
  private n = 0;
  /** Per record: its event time (NaN for none), and where it is: a buffer's index, or -1 for a tweet. */
  private times = new Float64Array(1024);
  private bufferOf = new Int32Array(1024);
  /** Per record: its line's range in the buffer, or (start) the tweet's index. */
  private lineStart = new Int32Array(1024);
  private lineEnd = new Int32Array(1024);
  /** Per read record: what the reader read (`ScannedTweet`'s fields). */
  private idHigh = new Float64Array(1024);
  private idLow = new Int32Array(1024);
  private idDigits = new Int8Array(1024);
  private idStart = new Int32Array(1024);
  private idEnd = new Int32Array(1024);
  private retweet = new Uint8Array(1024);
  /** Per record: where its hashtags start in the tag columns (they end where the next record's start). */
  private tagFrom = new Int32Array(1025);
  private tags = 0;
  private tagStart = new Int32Array(1024);
  private tagEnd = new Int32Array(1024);
  private tagHash = new Int32Array(1024);
  private buffers: Uint8Array[] = [];
  private tweets: Tweet[] = [];
  private malformedCount = 0;

  /**
   * `takesScanned`: false when every tweet is decoded anyway (the session has a filter);
   * `expected`: about how many tweets will come (the columns are sized for it, and grow past it).
   */
  constructor(
    readonly takesScanned = true,
    expected = 1024,
  ) {
    if (expected > this.times.length) this.growRecords(expected);
    if (2 * expected > this.tagStart.length) this.growTags(2 * expected);
  }

  /** Tweets held. */
  get size(): number {
    return this.n;
  }

  /** Malformed lines held. */
  get malformedLines(): number {
    return this.malformedCount;
  }

  addScanned(t: ScannedTweet, buf: Uint8Array, lineStart: number, lineEnd: number): void {
    if (this.buffers[this.buffers.length - 1] !== buf) this.buffers.push(buf);
    const r = this.record(t.time, this.buffers.length - 1, lineStart, lineEnd);
    this.idHigh[r] = t.idHigh;
    this.idLow[r] = t.idLow;
    this.idDigits[r] = t.idDigits;
    this.idStart[r] = t.idStart;
    this.idEnd[r] = t.idEnd;
    this.retweet[r] = t.retweet ? 1 : 0;
    const n = t.tags;
    if (this.tags + n > this.tagStart.length) this.growTags(this.tags + n);
    // A loop, not `set(subarray(…))`: a tweet holds a few tags, and a view costs an object.
    for (let i = t.tagOffset, at = this.tags; i < t.tagOffset + n; i++, at++) {
      this.tagStart[at] = t.tagStart[i]!;
      this.tagEnd[at] = t.tagEnd[i]!;
      this.tagHash[at] = t.tagHash[i]!;
    }
    this.tags += n;
    this.tagFrom[r + 1] = this.tags;
  }

  add(tweet: Tweet): void {
    this.tweets.push(tweet);
    this.record(tweet.time ?? Number.NaN, -1, this.tweets.length - 1, 0);
    this.tagFrom[this.n] = this.tags;
  }

  malformed(): void {
    this.malformedCount++;
  }

  watermark(): void {
    // Skipped: a recording is counted in its tweets' own order (see the class comment).
  }

  /**
   * Counts what is held into `target`: the malformed lines first (they have no time; they show
   * in the first window), then every tweet in event-time order. Lets go of everything.
   */
  countInto(target: CountTarget): void {
    for (let i = 0; i < this.malformedCount; i++) target.malformed();
    const order = this.order();
    // Its hashtag arrays are the columns here: each tweet's are a run of them (`tagOffset`).
    const t = new ScannedTweet();
    t.tagStart = this.tagStart;
    t.tagEnd = this.tagEnd;
    t.tagHash = this.tagHash;
    for (let k = 0; k < this.n; k++) {
      const r = order === null ? k : order[k]!;
      const b = this.bufferOf[r]!;
      if (b < 0) {
        target.add(this.tweets[this.lineStart[r]!]!);
        continue;
      }
      t.time = this.times[r]!;
      t.idHigh = this.idHigh[r]!;
      t.idLow = this.idLow[r]!;
      t.idDigits = this.idDigits[r]!;
      t.idStart = this.idStart[r]!;
      t.idEnd = this.idEnd[r]!;
      t.retweet = this.retweet[r] === 1;
      t.tagOffset = this.tagFrom[r]!;
      t.tags = this.tagFrom[r + 1]! - t.tagOffset;
      target.addScanned(t, this.buffers[b]!, this.lineStart[r]!, this.lineEnd[r]!);
    }
    this.buffers = [];
    this.tweets = [];
    this.n = 0;
    this.tags = 0;
    this.malformedCount = 0;
  }

  /**
   * The records' order by event time, stable; null when they are in order already (a recording
   * our ingestor wrote, or a replay's capture). Times are sort keys with the untimed rule applied.
   */
  private order(): ArrayLike<number> | null {
    const n = this.n;
    const keys = new Float64Array(n);
    let previous = Number.NEGATIVE_INFINITY;
    let sorted = true;
    for (let r = 0; r < n; r++) {
      const time = this.times[r]!;
      if (!Number.isNaN(time)) previous = time;
      keys[r] = previous;
      if (r > 0 && previous < keys[r - 1]!) sorted = false;
    }
    return sorted ? null : stableOrder(keys);
  }

  /** Adds a record; returns its index. */
  private record(time: number, buffer: number, start: number, end: number): number {
    const r = this.n++;
    if (r === this.times.length) this.growRecords();
    this.times[r] = time;
    this.bufferOf[r] = buffer;
    this.lineStart[r] = start;
    this.lineEnd[r] = end;
    this.tagFrom[r] = this.tags;
    return r;
  }

  private growRecords(atLeast = 0): void {
    const size = Math.max(this.times.length * 2, atLeast);
    this.times = grown(this.times, new Float64Array(size));
    this.bufferOf = grown(this.bufferOf, new Int32Array(size));
    this.lineStart = grown(this.lineStart, new Int32Array(size));
    this.lineEnd = grown(this.lineEnd, new Int32Array(size));
    this.idHigh = grown(this.idHigh, new Float64Array(size));
    this.idLow = grown(this.idLow, new Int32Array(size));
    this.idDigits = grown(this.idDigits, new Int8Array(size));
    this.idStart = grown(this.idStart, new Int32Array(size));
    this.idEnd = grown(this.idEnd, new Int32Array(size));
    this.retweet = grown(this.retweet, new Uint8Array(size));
    this.tagFrom = grown(this.tagFrom, new Int32Array(size + 1));
  }

  private growTags(atLeast: number): void {
    let size = this.tagStart.length * 2;
    while (size < atLeast) size *= 2;
    this.tagStart = grown(this.tagStart, new Int32Array(size));
    this.tagEnd = grown(this.tagEnd, new Int32Array(size));
    this.tagHash = grown(this.tagHash, new Int32Array(size));
  }
}

/**
 * Positions 0…n−1 ordered by `keys` (ascending, stable). When every key is an integer (or
 * -Infinity, for records before any timed one) and (span + 1) · n stays below 2^53, each
 * position is packed with its key into one double, and the engine's numeric sort orders them
 * without a call back into JavaScript per comparison; otherwise a comparison sort.
 */
export function stableOrder(keys: Float64Array): ArrayLike<number> {
  const n = keys.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let integral = true;
  for (let r = 0; r < n; r++) {
    const k = keys[r]!;
    if (k === Number.NEGATIVE_INFINITY) continue;
    if (!Number.isInteger(k)) integral = false;
    if (k < min) min = k;
    if (k > max) max = k;
  }
  if (min > max) return Array.from({ length: n }, (_, r) => r);
  // -Infinity sorts first: as min − 1.
  const span = max - min + 2;
  if (integral && span * n < Number.MAX_SAFE_INTEGER) {
    const packed = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const k = keys[r]!;
      packed[r] = (k === Number.NEGATIVE_INFINITY ? 0 : k - min + 1) * n + r;
    }
    packed.sort();
    for (let r = 0; r < n; r++) packed[r] = packed[r]! % n;
    return packed;
  }
  const order = Uint32Array.from({ length: n }, (_, r) => r);
  // -Infinity minus -Infinity is NaN, which `||` sends to the tie-break.
  return order.sort((a, b) => keys[a]! - keys[b]! || a - b);
}

function grown<T extends Float64Array | Int32Array | Int8Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
