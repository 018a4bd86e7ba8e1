import type { BatchResult, Settings } from '@tagstream/protocol';
import { CounterOptionsError, CounterSession, type CountingSession } from '@tagstream/stream';
import { systemClock } from '@tagstream/time';
import { compileTrack, formatRuleError, RuleSyntaxError, type Tweet } from '@tagstream/tweets';
import { UsageError } from '../usage-error.ts';

/** How the user asked to count. */
export interface Counting {
  settings: Settings;
  latenessMs: number;
  filter: ((t: Tweet) => boolean) | null;
}

/** A session for one stream (a `begin` mark is a plain watermark to it); settings it cannot honour are usage errors. */
export function countingSession(c: Counting, print: (r: BatchResult) => void): CountingSession {
  try {
    return new CounterSession({
      settings: c.settings,
      base: { latenessMs: c.latenessMs },
      clock: systemClock,
      sink: { result: print },
      filter: c.filter ?? undefined,
      restartOnBegin: false,
    });
  } catch (err) {
    if (err instanceof CounterOptionsError) throw new UsageError(err.message);
    throw err;
  }
}

/** The `--track` rules as a filter (null: none); a rule that does not parse is a usage error showing where. */
export function trackFilter(rules: string[]): ((t: Tweet) => boolean) | null {
  if (rules.length === 0) return null;
  try {
    return compileTrack(rules);
  } catch (err) {
    if (err instanceof RuleSyntaxError) {
      const rule = rules[(err as RuleSyntaxError & { index?: number }).index ?? 0] ?? rules[0]!;
      throw new UsageError(`--track: ${err.message}\n${formatRuleError(rule, err)}`);
    }
    throw err;
  }
}
