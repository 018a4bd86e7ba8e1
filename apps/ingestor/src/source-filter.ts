import type { Tracker } from '@tagstream/protocol';
import { compileRules, compileTrack, type Tweet } from '@tagstream/tweets';

/**
 * What the ingestor sends: tweets matching a track keyword or a tracker's rule, as the live
 * stream's rules deliver them; everything while there are no keywords. Undefined: no filter.
 *
 * @throws {RuleSyntaxError} for a bad keyword, or a bad tracker rule (`index`: the tracker's).
 */
export function sourceFilter(
  keywords: readonly string[],
  trackers: readonly Tracker[],
): ((tweet: Tweet) => boolean) | undefined {
  const byKeyword = keywords.length > 0 ? compileTrack(keywords) : undefined;
  const byTracker = compileRules(trackers.map((t) => t.rule));
  if (byKeyword === undefined) return undefined;
  if (trackers.length === 0) return byKeyword;
  return (tweet) => byKeyword(tweet) || byTracker(tweet).includes(true);
}
