/**
 * One tweet, whatever format it arrived in. Everything downstream (counting,
 * filtering, the wire format) works on this shape only.
 */
export interface Tweet {
  /** Decimal-digit id, or null when the source gave none (plain text) or gave a mangled one (`5.70306E+17`). */
  id: string | null;
  /** Event time in epoch milliseconds: `created_at`, else derived from a Snowflake id, else null (use arrival time). */
  time: number | null;
  /** The full text: `note_tweet`/`extended_tweet`/`full_text` over a truncated `text`; for a retweet, the retweeted tweet's full text when present. */
  text: string;
  /** True for a retweet. */
  retweet: boolean;
  /** The author's handle without `@`, when known. */
  author: string | null;
  /** BCP-47 language tag as the source reported it, when known. */
  lang: string | null;
  /** Hashtags (surface forms without the sign) from the source's own entities, only when they are known to match `text`. */
  hashtags?: string[];
  /**
   * The trackers the source routed the tweet to (live: X's `matching_rules`), when it did; absent
   * when the consumer must evaluate each tracker's rule itself.
   */
  trackers?: string[];
}
