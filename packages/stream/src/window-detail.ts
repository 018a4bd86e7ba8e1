import type { RelatedTag } from '@tagstream/protocol';
import type { BatchDetail } from './batch-counts.ts';
import { BatchPairs } from './batch-pairs.ts';
import { BatchProfiles } from './batch-profiles.ts';
import type { CounterOptions } from './options.ts';
import type { RetainedBatch } from './retained-batch.ts';
import type { RetainedBatches } from './retained-batches.ts';
import { tagProfile, type TagProfile } from './tag-profile.ts';
import type { WindowCounts } from './window-counts.ts';
import { WindowPairs } from './window-pairs.ts';

/** The options that decide what a batch keeps for its windows. */
export type DetailOptions = Pick<
  CounterOptions,
  'related' | 'maxPairsPerBatch' | 'tagProfiles' | 'maxProfileEntriesPerBatch'
>;

/**
 * What the counter keeps of its batches for the windows only (`BatchDetail`): the key pairs that
 * related tags are made of, and the authors and languages of the drill-down. Unlike the counts,
 * which history and rising tags read over the whole retention, these are read for the current
 * window alone, so each batch lets them go once it has left the window: an hour's retention
 * holds them for a window's batches, not for an hour's.
 *
 * The price is paid when a window is widened: the batches it takes back have lost them, and its
 * related tags and profiles are unknown (absent, never wrong) until it has slid past those.
 */
export class WindowDetail {
  /** Batches below this index have let their detail go. */
  private releasedBelow = -Infinity;

  constructor(
    private options: DetailOptions,
    private readonly window: WindowCounts,
    private readonly batches: RetainedBatches,
  ) {
    window.pairs = options.related > 0 ? new WindowPairs() : null;
  }

  /** What a batch created now keeps. */
  forNewBatch(): Partial<BatchDetail> {
    const o = this.options;
    return {
      pairs: o.related > 0 ? new BatchPairs(o.maxPairsPerBatch) : null,
      profiles: o.tagProfiles ? new BatchProfiles(o.maxProfileEntriesPerBatch) : null,
    };
  }

  /**
   * Takes new options before the window is rebuilt. Related tags turned off: every batch lets its
   * pairs go. Turned on: batches from now on count pairs; the ones before have none, and windows
   * holding them have no related tags.
   */
  reconfigure(options: DetailOptions): void {
    const wasOn = this.options.related > 0;
    this.options = options;
    if (options.related > 0 && !wasOn) this.window.pairs = new WindowPairs();
    if (options.related === 0 && wasOn) {
      this.window.pairs = null;
      this.batches.each(-Infinity, Infinity, (b) => (b.pairs = null));
    }
  }

  /** Batches below `k` will not be read by any window again: their detail goes. */
  releaseBelow(k: number): void {
    if (k <= this.releasedBelow) return;
    this.batches.each(this.releasedBelow, k, (b) => {
      b.pairs = null;
      b.profiles = null;
    });
    this.releasedBelow = k;
  }

  /** The window's stats on related tags: pair sightings dropped at a batch's cap (null when off). */
  get pairOverflow(): number | null {
    return this.window.pairs?.overflow ?? null;
  }

  /** `key`'s related tags in the current window, at most `n`; null when off or not known exactly. */
  related(key: string, n: number): RelatedTag[] | null {
    return this.window.pairs?.related(key, n) ?? null;
  }

  /** `key`'s authors (the `topAuthors` first) and languages in the batches `[from, to)`; null when not known exactly. */
  profile(key: string, from: number, to: number, topAuthors: number): TagProfile | null {
    if (!this.options.tagProfiles) return null;
    const batches: RetainedBatch[] = [];
    this.batches.each(from, to, (b) => batches.push(b));
    return tagProfile(key, batches, topAuthors);
  }
}
