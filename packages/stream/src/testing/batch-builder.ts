import { BatchCounts } from '../batch-counts.ts';
import { StringDictionary } from '../string-dictionary.ts';
import { tagKey } from '../tag-key.ts';

/**
 * Fills open batches for tests the way the counter does, from surface forms given as strings:
 * each tweet's hashtags become their forms' and keys' dictionary ids. It holds no string itself
 * (each call gives its references back), so the dictionary holds exactly what the batches hold.
 */
export class BatchBuilder {
  constructor(readonly dict = new StringDictionary()) {}

  batch(index: number, maxKeys = 1_000_000): BatchCounts {
    return new BatchCounts(index, maxKeys, this.dict);
  }

  /** One tweet of these surface forms, as number `seq`; returns the distinct keys it contributed. */
  tweet(b: BatchCounts, surfaces: readonly string[], seq: number): number {
    const keys = Int32Array.from(surfaces, (s) => this.dict.acquire(tagKey(s)));
    const forms = Int32Array.from(surfaces, (s) => this.dict.acquire(s));
    const distinct = b.addTweet(keys, forms, surfaces.length, seq);
    for (let i = 0; i < surfaces.length; i++) {
      this.dict.release(keys[i]!);
      this.dict.release(forms[i]!);
    }
    return distinct;
  }

  /** `count` sightings of `form` under `key` (any key, as a checkpoint may hold), first as number `seq`. */
  raw(b: BatchCounts, key: string, form: string, count: number, seq: number): boolean {
    const k = this.dict.acquire(key);
    const f = this.dict.acquire(form);
    const added = b.addKey(k, f, count, seq) >= 0;
    this.dict.release(k);
    this.dict.release(f);
    return added;
  }
}

/** The keys of a batch in the order they were first counted. */
export function keysOf(b: { size: number; keyAt(i: number): string }): string[] {
  return Array.from({ length: b.size }, (_, i) => b.keyAt(i));
}
