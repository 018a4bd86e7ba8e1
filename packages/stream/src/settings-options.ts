import type { Settings } from '@tagstream/protocol';
import { DEFAULT_COUNTER_OPTIONS, resolveOptions, type CounterOptions } from './options.ts';

/** What of the counter options the settings do not cover: lateness, retention, the caps. */
export type CounterBase = Partial<Omit<CounterOptions, keyof Settings>>;

/**
 * The one mapping from `Settings` (what users and dashboards change) to the counter's options:
 * the settings over `base`, retention at least `minRetentionMs` (what readers of past batches
 * need), defaults filled in and combinations checked. Throws `CounterOptionsError` naming the
 * setting that cannot be honoured (a window that is not a multiple of the batch interval…).
 */
export function counterOptionsFor(
  settings: Settings,
  base: CounterBase = {},
  minRetentionMs = 0,
): CounterOptions {
  return resolveOptions({
    ...base,
    batchMs: settings.batchMs,
    windowMs: settings.windowMs,
    slideMs: settings.slideMs,
    topK: settings.topK,
    retweets: settings.retweets,
    related: settings.related,
    retentionMs: Math.max(base.retentionMs ?? DEFAULT_COUNTER_OPTIONS.retentionMs, minRetentionMs),
  });
}

/** The settings a counter counts with (the checkpoint of one made with other settings says which). */
export function settingsOf(o: CounterOptions): Settings {
  return {
    batchMs: o.batchMs,
    windowMs: o.windowMs,
    slideMs: o.slideMs,
    topK: o.topK,
    retweets: o.retweets,
    related: o.related,
  };
}
