import type { Tweet } from '@tagstream/tweets';

/** The tweets a replay sends, by position in event-time order. */
export interface ReplayTweets {
  readonly length: number;
  at(i: number): Tweet | undefined;
  /** The event time of the tweet at `i` (null: it has none; undefined: past the end). */
  timeAt(i: number): number | null | undefined;
}

/** An array of tweets (already in order) as ReplayTweets; it sees the array as it grows. */
export function replayTweets(tweets: readonly Tweet[]): ReplayTweets {
  return {
    get length() {
      return tweets.length;
    },
    at: (i) => tweets[i],
    timeAt: (i) => tweets[i]?.time,
  };
}

const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * A recording's tweets held for a replay as UTF-8 JSON in a few large buffers, with their event
 * times and their order in typed arrays: a tweet is made again when it is sent. As JavaScript
 * objects, 600,000 tweets took 160 MiB of the ingestor's heap, and the recording must be held
 * whole, since a replay sends it in event-time order (DESIGN.md §4); packed, about 70.
 */
export class PackedTweets implements ReplayTweets {
  private readonly chunks: Buffer[] = [];
  private used = CHUNK_BYTES;
  private count = 0;
  private chunkOf = new Uint32Array(1024);
  private startOf = new Uint32Array(1024);
  private bytesOf = new Uint32Array(1024);
  /** Event times in the order added; NaN for none. */
  private times = new Float64Array(1024);
  /** Position in event-time order → index in the order added. */
  private order: Uint32Array | null = null;

  get length(): number {
    return this.count;
  }

  add(tweet: Tweet): void {
    const json = JSON.stringify(tweet);
    const bytes = Buffer.byteLength(json);
    if (this.used + bytes > (this.chunks.at(-1)?.length ?? 0)) {
      this.chunks.push(Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes)));
      this.used = 0;
    }
    if (this.count === this.times.length) this.grow();
    const i = this.count++;
    this.chunkOf[i] = this.chunks.length - 1;
    this.startOf[i] = this.used;
    this.bytesOf[i] = bytes;
    this.times[i] = tweet.time ?? NaN;
    this.used += this.chunks.at(-1)!.write(json, this.used);
    this.order = null;
  }

  /**
   * Orders the tweets by event time, as `sortByEventTime` does: stable, and a tweet without a
   * time stays after the one before it.
   */
  sortByEventTime(): this {
    const n = this.count;
    const keys = new Float64Array(n);
    let previous = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      if (!Number.isNaN(this.times[i]!)) previous = this.times[i]!;
      keys[i] = previous;
    }
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    // -Infinity minus -Infinity is NaN, which `||` sends to the tie-break, as in sortByEventTime.
    order.sort((a, b) => keys[a]! - keys[b]! || a - b);
    this.order = order;
    return this;
  }

  at(i: number): Tweet | undefined {
    const k = this.index(i);
    if (k === undefined) return undefined;
    const start = this.startOf[k]!;
    return JSON.parse(
      this.chunks[this.chunkOf[k]!]!.toString('utf8', start, start + this.bytesOf[k]!),
    ) as Tweet;
  }

  timeAt(i: number): number | null | undefined {
    const k = this.index(i);
    if (k === undefined) return undefined;
    const t = this.times[k]!;
    return Number.isNaN(t) ? null : t;
  }

  private index(i: number): number | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) return undefined;
    return this.order === null ? i : this.order[i];
  }

  private grow(): void {
    const n = this.times.length * 2;
    const grown = <T extends Uint32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.chunkOf = grown(this.chunkOf, (m) => new Uint32Array(m));
    this.startOf = grown(this.startOf, (m) => new Uint32Array(m));
    this.bytesOf = grown(this.bytesOf, (m) => new Uint32Array(m));
    this.times = grown(this.times, (m) => new Float64Array(m));
  }
}
