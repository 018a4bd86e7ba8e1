import { tagKey } from '@tagstream/stream';
import { extractHashtags, type Tweet } from '@tagstream/tweets';

export interface SampleTweet {
  id: string | null;
  text: string;
  author: string | null;
  time: string | null;
  url: string | null;
}

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
        url: t.id !== null ? `https://x.com/${t.author ?? 'i'}/status/${t.id}` : null,
      });
    }
    return out;
  }
}
