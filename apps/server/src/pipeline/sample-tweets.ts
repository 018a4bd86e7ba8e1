import type { TagSample } from '@tagstream/protocol';
import { tagKey } from '@tagstream/stream';
import { extractHashtags, type Tweet } from '@tagstream/tweets';

export type SampleTweet = TagSample;

/**
 * The most recent tweets that carried hashtags, in a fixed-size ring, so a click
 * on a bar can show what people are saying. Searching a few thousand tweets on
 * request is cheaper than indexing every tweet by every tag as it arrives.
 */
export class SampleTweets {
  private readonly ring: (Tweet | undefined)[];
  private next = 0;

  constructor(size: number) {
    this.ring = new Array<Tweet | undefined>(size);
  }

  add(tweet: Tweet): void {
    this.ring[this.next] = tweet;
    this.next = (this.next + 1) % this.ring.length;
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
  }

  /** Up to `limit` of the newest tweets carrying the tag with this key. */
  find(key: string, limit: number): SampleTweet[] {
    const out: SampleTweet[] = [];
    for (let i = 1; i <= this.ring.length && out.length < limit; i++) {
      const t = this.ring[(this.next - i + this.ring.length) % this.ring.length];
      if (t === undefined) break;
      const tags = t.hashtags ?? extractHashtags(t.text);
      if (!tags.some((tag) => tagKey(tag) === key)) continue;
      out.push({
        id: t.id,
        text: t.text,
        author: t.author,
        time: t.time === null ? null : new Date(t.time).toISOString(),
        url: t.id !== null ? `https://x.com/${handle(t.author)}/status/${t.id}` : null,
      });
    }
    return out;
  }

  /** The kept tweets, oldest first (for the checkpoint). */
  toJSON(): Tweet[] {
    const out: Tweet[] = [];
    for (let i = 0; i < this.ring.length; i++) {
      const t = this.ring[(this.next + i) % this.ring.length];
      if (t !== undefined) out.push(t);
    }
    return out;
  }

  /** Adds tweets saved by `toJSON()`, skipping anything that is not one. */
  load(value: unknown): void {
    if (!Array.isArray(value)) return;
    for (const t of value as Partial<Tweet>[]) {
      if (
        typeof t === 'object' &&
        t !== null &&
        typeof t.text === 'string' &&
        (t.id === null || typeof t.id === 'string') &&
        (t.time === null || typeof t.time === 'number') &&
        (t.author === null || typeof t.author === 'string')
      )
        this.add(t as Tweet);
    }
  }
}

/** The handle for a tweet link; anything that is not a plausible handle links through `/i/`, which X redirects. */
function handle(author: string | null): string {
  return author !== null && /^[A-Za-z0-9_]{1,50}$/.test(author) ? author : 'i';
}
