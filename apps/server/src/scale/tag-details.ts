import type { BatchResult, Settings } from '@tagstream/protocol';
import type { CounterView } from '@tagstream/stream';
import type { Tweet } from '@tagstream/tweets';
import { ResultHistory } from '../pipeline/result-history.ts';
import { SampleTweets } from '../pipeline/sample-tweets.ts';
import { tagDetail } from '../pipeline/tag-detail.ts';

/** Tweets kept for the samples, as in the single process. */
const SAMPLE_SIZE = 5_000;
/** Samples per tag in a written detail (the single process's default for `GET /api/tags/{tag}`). */
const SAMPLES_PER_TAG = 20;

/**
 * The drill-downs (`GET /api/tags/{tag}`) of the tags a web node is most likely asked about: those
 * of the latest result's top and rising lists, made by the emitter, which holds the counter and
 * the recent tweets, with the single process's own code (tag-detail.ts). Made at most every
 * `everyMs` of wall time: a search of the samples per tag is too costly for every result of a
 * fast replay, and a drill-down shows the latest window only.
 */
export class TagDetails {
  private readonly samples = new SampleTweets(SAMPLE_SIZE);
  private readonly history = new ResultHistory(1);
  private pending = false;
  private madeAt = -Infinity;

  constructor(private readonly everyMs: number) {}

  /** A counted tweet with hashtags (the session's `counted` sink). */
  counted(tweet: Tweet): void {
    this.samples.add(tweet);
  }

  /** A result was made: the details are due for it. */
  result(r: BatchResult): void {
    this.history.push(r);
    this.pending = true;
  }

  /** Counting started again (a new batch interval): the samples were of the old counts. */
  clear(): void {
    this.samples.clear();
  }

  /** The latest result's tags with their drill-downs as JSON, when due at `now`; null when not. */
  due(now: number, counter: CounterView, settings: Settings): [string, string][] | null {
    if (!this.pending || now - this.madeAt < this.everyMs) return null;
    const latest = this.history.latest();
    if (latest === null) return null;
    this.pending = false;
    this.madeAt = now;
    const from = { history: this.history, samples: this.samples, counter, settings };
    const shown = new Map<string, string>();
    for (const t of [...latest.top, ...(latest.rising ?? [])]) shown.set(t.tag, t.display);
    return [...shown].map(([key, display]) => [
      key,
      JSON.stringify(tagDetail(from, key, display, SAMPLES_PER_TAG)),
    ]);
  }
}
