import type { BatchCounts } from './batch-counts.ts';
import { BatchPairs } from './batch-pairs.ts';
import { BatchProfiles } from './batch-profiles.ts';
import { CompactBatch } from './compact-batch.ts';
import type { CounterOptions } from './options.ts';
import type { BatchDetailJson, BatchTallies } from './counter-state.ts';
import { talliesOf, type RetainedBatch } from './retained-batch.ts';

/** The caps a batch read back from a checkpoint keeps its pairs and profiles under. */
export type BatchCaps = Pick<CounterOptions, 'maxPairsPerBatch' | 'maxProfileEntriesPerBatch'>;

/** `b`'s pairs and profiles with their keys named (empty when it keeps neither). */
export function detailToJson(b: RetainedBatch): BatchDetailJson {
  const out: BatchDetailJson = {};
  if (b.pairs === null && b.profiles === null) return out;
  // Pairs and profiles name keys by id: the batch's own (its slots) while it counts, the dictionary's once compacted.
  const name = (id: number): string => (b instanceof CompactBatch ? b.nameOf(id) : b.keyAt(id));
  if (b.pairs !== null) {
    const pairs: [string, string, number][] = [];
    b.pairs.forEach((x, y, n) => pairs.push([name(x), name(y), n]));
    out.pairs = pairs;
    out.pairOverflow = b.pairs.overflow;
  }
  if (b.profiles !== null) {
    const profiles: [string, string, string, number][] = [];
    b.profiles.forEach((id, author, lang, n) => profiles.push([name(id), author, lang, n]));
    out.profiles = profiles;
  }
  return out;
}

/** Gives `b` (its keys restored) the saved pairs and profiles, if any. */
export function restoreDetail(b: BatchCounts, j: BatchDetailJson, caps: BatchCaps): void {
  // A pair or profile of a key the batch does not hold (a damaged file, a cap) is left out.
  const id = (key: string): number => b.find(key);
  if (j.pairs !== undefined) {
    const pairs = (b.pairs = new BatchPairs(caps.maxPairsPerBatch));
    for (const [x, y, n] of j.pairs) if (id(x) >= 0 && id(y) >= 0) pairs.addPair(id(x), id(y), n);
    pairs.overflow = j.pairOverflow ?? 0;
  }
  if (j.profiles !== undefined) {
    const profiles = (b.profiles = new BatchProfiles(caps.maxProfileEntriesPerBatch));
    for (const [key, author, lang, n] of j.profiles) if (id(key) >= 0) profiles.add(id(key), author, lang, n);
  }
}

/**
 * A held batch as a checkpoint keeps it (a live view: read it at once). Its detail is made when
 * read, as its tallies are: made for every batch when the state was taken, the window's pairs
 * and profiles lived as long as the checkpoint's write and were promoted to V8's old generation.
 */
export function savedBatch(b: RetainedBatch): BatchTallies {
  return {
    index: b.index,
    stats: b.stats,
    tallies: talliesOf(b),
    get detail() {
      return detailToJson(b);
    },
  };
}
