import type { LineFormat } from '@tagstream/protocol';
import { toTextLine, toWatermarkLine, toWireLine, type StreamMark, type Tweet } from '@tagstream/tweets';

/** What the ingestor writes on its socket (DESIGN.md §3): normalized JSON, or bare text for Spark and nc. */
export type { LineFormat };

/** Turns tweets and watermarks into socket lines for one format. */
export interface LineFormatter {
  tweet(tweet: Tweet): string;
  /**
   * Null when the format has no watermarks (plain text consumers would count them as tweets).
   * `stream` marks a replay's first and last watermark.
   */
  watermark(time: number, stream?: StreamMark): string | null;
}

export function lineFormatter(format: LineFormat): LineFormatter {
  if (format === 'text') return { tweet: toTextLine, watermark: () => null };
  return { tweet: toWireLine, watermark: toWatermarkLine };
}
