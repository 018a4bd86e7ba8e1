import type { Command } from 'commander';
import type { Settings } from '@tagstream/protocol';
import { MAX_RELATED } from '@tagstream/protocol/settings-values';
import { parseDuration, parseIntFlag } from './duration.ts';

/** The counting flags shared by `count`, `serve` and `demo`. */
export function addCounterFlags(
  cmd: Command,
  defaults: { batch: string; window: string; slide?: string; related: string },
): Command {
  return cmd
    .option('--batch <duration>', 'batch interval B (ms, s, m, h)', defaults.batch)
    .option('--window <duration>', 'window length W, a multiple of B', defaults.window)
    .option('--slide <duration>', 'emit every S, a multiple of B (default: B)', defaults.slide)
    .option('--top <k>', 'entries in each top list', '10')
    .option('--lateness <duration>', 'allowed lateness when no watermark lines arrive', '5s')
    .option('--no-retweets', 'do not count retweets')
    .option(
      '--related <n>',
      `list with each top entry the N tags most often in the same tweets of the window (0: none, up to ${MAX_RELATED})`,
      defaults.related,
    );
}

export interface CounterFlagValues {
  batch: string;
  window: string;
  slide?: string;
  top: string;
  lateness: string;
  retweets: boolean;
  related: string;
}

/**
 * The counting settings the flags ask for, and the allowed lateness (not a setting: it belongs
 * to the source), naming the flag in any error. Whether the settings go together (a window
 * that is a multiple of the batch…) is checked where they enter the counting session.
 */
export function settingsFromFlags(v: CounterFlagValues): { settings: Settings; latenessMs: number } {
  const batchMs = parseDuration(v.batch, '--batch');
  return {
    settings: {
      batchMs,
      windowMs: parseDuration(v.window, '--window'),
      slideMs: v.slide === undefined ? batchMs : parseDuration(v.slide, '--slide'),
      topK: parseIntFlag(v.top, '--top', 1, 1000),
      retweets: v.retweets,
      related: parseIntFlag(v.related, '--related', 0, MAX_RELATED),
    },
    latenessMs: parseDuration(v.lateness, '--lateness'),
  };
}
