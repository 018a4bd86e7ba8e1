import type { Command } from 'commander';
import type { CounterOptions } from '@tagstream/stream';
import { parseDuration, parseIntFlag } from './duration.ts';

/** The counting flags shared by `count`, `serve` and `demo`. */
export function addCounterFlags(
  cmd: Command,
  defaults: { batch: string; window: string; slide?: string },
): Command {
  return cmd
    .option('--batch <duration>', 'batch interval B (ms, s, m, h)', defaults.batch)
    .option('--window <duration>', 'window length W, a multiple of B', defaults.window)
    .option('--slide <duration>', 'emit every S, a multiple of B (default: B)', defaults.slide)
    .option('--top <k>', 'entries in each top list', '10')
    .option('--lateness <duration>', 'allowed lateness when no watermark lines arrive', '5s')
    .option('--no-retweets', 'do not count retweets');
}

export interface CounterFlagValues {
  batch: string;
  window: string;
  slide?: string;
  top: string;
  lateness: string;
  retweets: boolean;
}

/** Turns the flags into counter options, naming the flag in any error. */
export function counterOptionsFrom(v: CounterFlagValues): Partial<CounterOptions> {
  const batchMs = parseDuration(v.batch, '--batch');
  return {
    batchMs,
    windowMs: parseDuration(v.window, '--window'),
    slideMs: v.slide === undefined ? batchMs : parseDuration(v.slide, '--slide'),
    topK: parseIntFlag(v.top, '--top', 1, 1000),
    latenessMs: parseDuration(v.lateness, '--lateness'),
    retweets: v.retweets,
  };
}
