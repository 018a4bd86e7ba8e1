import type { Settings } from '@tagstream/protocol';
import type { Keyspace, Redis } from '@tagstream/redis';
import { settingsOf, type CounterCheckpoint, type CounterSession } from '@tagstream/stream';
import type { Logger } from 'pino';
import { idBefore } from './lines-queue.ts';

/** The emitter's own part of its checkpoint. */
export interface Progress {
  /** The last entry of the lines stream fed to the session. */
  position: string;
  /** Results emitted so far (the number of the last one). */
  n: number;
  /** The ingestor's log offset of the line after `position` (absent: not known yet). */
  next?: number;
}

export interface Resumed {
  session: CounterSession;
  progress: Progress;
  /** The settings changed the batch interval since the checkpoint: checkpoint at once. */
  checkpointNow: boolean;
  /** Whether the session's counter already follows the source's watermarks (MergeFeeder). */
  watermarkFromSource: boolean;
}

/**
 * A new emitter's session: at the state and position of the checkpoint in Redis, or at the
 * stream's start, counting with the shared settings `shared`.
 */
export async function resumeSession(o: {
  redis: Redis;
  keys: Keyspace;
  logger: Logger;
  shared: Settings;
  newSession: (s: Settings) => CounterSession;
}): Promise<Resumed> {
  const { redis, keys, logger, shared } = o;
  let session = o.newSession(shared);
  let checkpointNow = false;
  let watermarkFromSource = false;
  let progress: Progress = { position: '0-0', n: 0 };
  const saved = await redis.hget(keys.emitter, 'checkpoint');
  if (saved !== null) {
    const value = JSON.parse(saved) as CounterCheckpoint & { source?: Progress };
    // A batch interval changed after this checkpoint (the emitter before us died before saving the
    // change, or none ran): resume the checkpoint as it was, then change, as the single process does.
    if (value.options.batchMs !== shared.batchMs) session = o.newSession(settingsOf(value.options));
    const outcome = session.restore(value);
    if (outcome.resumed && value.source) progress = { ...value.source };
    watermarkFromSource = outcome.resumed && value.sourceWatermark !== null;
    if (session.settings.batchMs !== shared.batchMs) {
      session.applySettings(shared);
      logger.info({ settings: shared }, 'batch interval changed: counting starts again from the next lines');
      checkpointNow = true;
      watermarkFromSource = false;
    }
  }
  if (progress.next === undefined) {
    // Counting from the start of the stream: lines appended before its first entry were lost.
    const first = await redis.hget(keys.appended, 'first');
    if (first !== null) progress.next = Number(first);
  }
  return { session, progress, checkpointNow, watermarkFromSource };
}

/**
 * Deletes what the checkpoint at `position` has counted but an emitter left behind (it died
 * between saving the checkpoint and deleting what it fed): digests, full digests and parts of
 * entries at or before `position`. A part is named by its segment's first entry, and checkpoints
 * are made only where every segment started is walked whole, so each such part was walked.
 * Returns the fields deleted.
 */
export async function sweepCounted(redis: Redis, keys: Keyspace, position: string): Promise<number> {
  if (position === '0-0') return 0;
  const counted = (entry: string): boolean => !idBefore(position, entry);
  let deleted = 0;
  const sweep = async (key: string, entryOf: (field: string) => string): Promise<void> => {
    let cursor = '0';
    do {
      const [next, flat] = await redis.hscan(key, cursor, 'COUNT', 1_000);
      cursor = next;
      const gone: string[] = [];
      for (let i = 0; i < flat.length; i += 2) if (counted(entryOf(flat[i]!))) gone.push(flat[i]!);
      if (gone.length > 0) deleted += await redis.hdel(key, ...gone);
    } while (cursor !== '0');
  };
  await sweep(keys.digests, (id) => id);
  await sweep(keys.fullDigests, (id) => id);
  await sweep(keys.parts, (field) => field.slice(0, field.indexOf('|')));
  return deleted;
}
