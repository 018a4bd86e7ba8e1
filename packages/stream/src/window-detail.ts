import type { RelatedTag } from '@tagstream/protocol';
import type { BatchCounts } from './batch-counts.ts';
import { BatchPairs } from './batch-pairs.ts';
import { BatchProfiles } from './batch-profiles.ts';
import { CompactBatch } from './compact-batch.ts';
import type { CounterOptions } from './options.ts';
import type { RetainedBatch } from './retained-batch.ts';
import type { RetainedBatches } from './retained-batches.ts';
import type { StringDictionary } from './string-dictionary.ts';
import { tagProfile, type ProfiledBatch, type TagProfile } from './tag-profile.ts';
import { topK } from './top-k.ts';
import { WindowPairs } from './window-pairs.ts';

/** The options that decide what a batch keeps for its windows. */
export type DetailOptions = Pick<
  CounterOptions,
  'related' | 'maxPairsPerBatch' | 'tagProfiles' | 'maxProfileEntriesPerBatch'
>;

/** Spare tables kept of each kind: batches close one at a time, so one would do, two cover a burst. */
const SPARES = 2;

/** What one emission needs of related tags: each top key's list, and the pairs dropped at a cap. */
export interface RelatedForResult {
  lists(keys: readonly string[]): Map<string, RelatedTag[]> | null;
  overflow: number;
}

/**
 * What the counter keeps of its batches for the windows only (`BatchDetail`): the key pairs that
 * related tags are made of, and the authors and languages of the drill-down. Unlike the counts,
 * which history and rising tags read over the whole retention, these are read for the current
 * window alone, so each batch lets them go once it has left the window: an hour's retention
 * holds them for a window's batches, not for an hour's.
 *
 * The window's pairs (`WindowPairs`) follow the window batch by batch, once its batches are
 * compacted (their pairs are then under the dictionary's ids, shared by every batch).
 *
 * The price is paid when a window is widened: the batches it takes back have lost them, and its
 * related tags and profiles are unknown (absent, never wrong) until it has slid past those.
 */
export class WindowDetail {
  private options: DetailOptions;
  private readonly batches: RetainedBatches;
  private readonly dict: StringDictionary;
  private pairs: WindowPairs | null;
  /** Batches below this index have let their detail go. */
  private releasedBelow = -Infinity;
  /**
   * Tables of compacted batches, emptied for the next batches: a batch's tables grow to about
   * the size of the one before, so they are not grown afresh each batch (doubling from 64 slots,
   * a dozen allocations a batch at 5,000 tweets/s).
   */
  private spare: { pairs: BatchPairs[]; profiles: BatchProfiles[] } = { pairs: [], profiles: [] };

  constructor(o: { options: DetailOptions; batches: RetainedBatches; dict: StringDictionary }) {
    this.options = o.options;
    this.batches = o.batches;
    this.dict = o.dict;
    this.pairs = o.options.related > 0 ? new WindowPairs() : null;
  }

  /** What a batch created now keeps. */
  forNewBatch(): { pairs: BatchPairs | null; profiles: BatchProfiles | null } {
    const o = this.options;
    return {
      pairs: o.related > 0 ? (this.spare.pairs.pop() ?? new BatchPairs(o.maxPairsPerBatch)) : null,
      profiles: o.tagProfiles
        ? (this.spare.profiles.pop() ?? new BatchProfiles(o.maxProfileEntriesPerBatch))
        : null,
    };
  }

  /** `batch` has just been compacted (its pairs and profiles copied): its tables serve the next batches. */
  recycle(batch: BatchCounts): void {
    if (batch.pairs !== null && this.spare.pairs.length < SPARES) {
      batch.pairs.reset();
      this.spare.pairs.push(batch.pairs);
    }
    if (batch.profiles !== null && this.spare.profiles.length < SPARES) {
      batch.profiles.reset();
      this.spare.profiles.push(batch.profiles);
    }
    batch.pairs = null;
    batch.profiles = null;
  }

  /**
   * Takes new options; the caller then rebuilds the window. Related tags turned off: every batch
   * lets its pairs go. Turned on: batches from now on count pairs; the ones before have none, and
   * windows holding them have no related tags.
   */
  reconfigure(options: DetailOptions): void {
    const wasOn = this.options.related > 0;
    this.options = options;
    // Spare tables were made under the old caps.
    this.spare = { pairs: [], profiles: [] };
    if (options.related > 0 && !wasOn) this.pairs = new WindowPairs();
    if (options.related === 0 && wasOn) {
      this.pairs = null;
      this.batches.each(-Infinity, Infinity, (b) => (b.pairs = null));
    }
  }

  /** The window moved from batches [fromStart, fromEnd) to [start, end), all of them compacted now. */
  moved(fromStart: number, fromEnd: number, start: number, end: number): void {
    const pairs = this.pairs;
    if (pairs === null) return;
    if (start >= fromEnd) {
      pairs.clear();
      this.batches.each(start, end, (b) => pairs.add(compacted(b)));
    } else {
      this.batches.each(fromEnd, end, (b) => pairs.add(compacted(b)));
      this.batches.each(fromStart, start, (b) => pairs.subtract(compacted(b)));
    }
  }

  /** The window is [start, end) afresh (new settings, a restored checkpoint). */
  rebuild(start: number, end: number): void {
    this.moved(-Infinity, -Infinity, start, end);
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

  /** What a result of the current window needs, listing `n` related tags an entry; null when off. */
  forResult(n: number): RelatedForResult | null {
    const pairs = this.pairs;
    if (n <= 0 || pairs === null) return null;
    return { lists: (keys) => this.relatedOf(pairs, keys, n), overflow: pairs.overflow };
  }

  /** `key`'s related tags in the current window, at most `n`; null when off or not known exactly. */
  related(key: string, n: number): RelatedTag[] | null {
    return this.pairs === null ? null : (this.relatedOf(this.pairs, [key], n)?.get(key) ?? null);
  }

  /** `key`'s authors (the `topAuthors` first) and languages in the batches `[from, to)`; null when not known exactly. */
  profile(key: string, from: number, to: number, topAuthors: number): TagProfile | null {
    if (!this.options.tagProfiles) return null;
    const parts: ProfiledBatch[] = [];
    this.batches.each(from, to, (b) => {
      const keyId = b instanceof CompactBatch ? this.dict.idOf(key) : b.find(key);
      parts.push({ profiles: b.profiles, stats: b.stats, keyId });
    });
    return tagProfile(parts, topAuthors);
  }

  /** Each key's related tags from one pass over the window's pairs; null when they are not exact. */
  private relatedOf(
    pairs: WindowPairs,
    keys: readonly string[],
    n: number,
  ): Map<string, RelatedTag[]> | null {
    if (!pairs.complete) return null;
    const ids = keys.map((k) => this.dict.idOf(k));
    const partners = pairs.partnersOf(ids);
    const out = new Map<string, RelatedTag[]>();
    keys.forEach((key, i) => {
      const named = new Map<string, number>();
      for (const [id, count] of partners.get(ids[i]!) ?? []) named.set(this.dict.stringOf(id), count);
      out.set(
        key,
        topK(named, n).map((r) => ({ tag: r.key, count: r.count })),
      );
    });
    return out;
  }
}

/** A batch of a window: compacted by the time the window reads its pairs. */
function compacted(b: RetainedBatch): CompactBatch {
  if (!(b instanceof CompactBatch)) throw new Error(`batch ${b.index} is in a window but not compacted`);
  return b;
}
