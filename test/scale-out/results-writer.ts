import type { BatchResult } from '@tagstream/protocol';
import { connectRedis, keyspace } from '@tagstream/redis';

/** A window result numbered `seq` (10 s batches from a fixed start), with one tag counted `seq` times. */
export function resultNumbered(seq: number): BatchResult {
  const at = (s: number): string => new Date(Date.UTC(2026, 0, 1) + s * 10_000).toISOString();
  return {
    seq,
    batch: { start: at(seq - 1), end: at(seq) },
    window: { start: at(seq - 2), end: at(seq) },
    top: [{ tag: 'ether', display: '#Ether', count: seq, rank: 1, prevRank: seq === 1 ? null : 1 }],
    stats: {
      tweets: seq,
      tweetsWithTags: seq,
      distinctTags: 1,
      late: 0,
      duplicates: 0,
      malformed: 0,
      processingMs: 1,
    },
    totals: { tweets: seq, top: [] },
  } as BatchResult;
}

/** Appends results to the results stream as the emitter does (fields `n` and `r`), so web nodes can be tested alone. */
export function resultsWriter(url: string): {
  write: (r: BatchResult) => Promise<void>;
  close: () => void;
} {
  const redis = connectRedis(url);
  const keys = keyspace();
  return {
    write: async (r) => {
      await redis.xadd(keys.results, '*', 'n', String(r.seq), 'r', JSON.stringify(r));
    },
    close: () => redis.disconnect(),
  };
}
