import type { Keyspace, Redis } from '@tagstream/redis';
import { digestLine, runParts } from '@tagstream/stream';
import type { Settings } from '@tagstream/protocol';
import type { Timers } from '@tagstream/time';
import type { Logger } from 'pino';
import type { ScaleScripts } from './redis-scripts.ts';

export interface DigestWorkerOptions {
  /** A connection of its own: XREADGROUP blocks it. */
  redis: Redis & ScaleScripts;
  keys: Keyspace;
  /** This worker's consumer name in the group. */
  name: string;
  /** Entries pending this long with another consumer are taken over (XAUTOCLAIM). */
  claimIdleMs: number;
  clock: Timers;
  logger: Logger;
  /**
   * Count in parts (`work --merge`): the runs it reads new are flushed with their per-batch partial
   * counts and per-line facts, which the emitter merges (MergeFeeder); claimed entries are still
   * flushed one by one.
   */
  merge?: boolean;
  /** The batch interval while Redis holds no shared settings. */
  batchMs?: number;
}

/** An entry as read; a pending entry trimmed from the stream meanwhile comes without its fields. */
type Entry = [id: string, fields: string[] | null];

const BATCH = 500;
/** The shared batch interval is read again at most this often (wall ms); a part cut with a stale one is counted from digests. */
const SETTINGS_EVERY_MS = 1_000;

/**
 * One consumer of the workers' group on the lines stream (DESIGN.md §9): reads its share of the
 * entries, digests each line (parsing and hashtag extraction, the costly part of counting) and
 * flushes the digests with the XACK of their entries in one atomic step; takes over the entries
 * of a consumer that has held them longer than `claimIdleMs` (a dead worker's).
 */
export class DigestWorker {
  entries = 0;
  claimed = 0;
  private running = false;
  private done: Promise<void> = Promise.resolve();
  private claimCursor = '0-0';
  private nextClaimAt = 0;
  private batchMs: { value: number; until: number } | null = null;

  constructor(private readonly o: DigestWorkerOptions) {}

  start(): void {
    this.running = true;
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  private async loop(): Promise<void> {
    const { redis, keys, name, logger, clock } = this.o;
    let failing = false;
    let ownPending = true;
    while (this.running) {
      try {
        await this.ensureGroup();
        if (clock.now() >= this.nextClaimAt) await this.claim();
        // First what this name was given and never acknowledged (a restart), then new entries.
        const reply = (await redis.xreadgroup(
          'GROUP',
          keys.group,
          name,
          'COUNT',
          BATCH,
          'BLOCK',
          500,
          'STREAMS',
          keys.lines,
          ownPending ? '0' : '>',
        )) as [string, Entry[]][] | null;
        const entries = reply?.[0]?.[1] ?? [];
        if (ownPending && entries.length === 0) ownPending = false;
        // A run of new entries is consecutive in the stream: it can be counted in parts.
        if (this.o.merge && !ownPending && entries.length > 0) await this.flushParts(entries);
        else await this.flush(entries);
        if (failing) logger.info('worker reading again');
        failing = false;
      } catch (err) {
        if (!this.running) break;
        this.groupReady = false;
        // The group went with its stream (a Redis that kept nothing, a stream replaced): create it again at once.
        if (/NOGROUP|UNBLOCKED/.test((err as Error).message)) continue;
        if (!failing)
          logger.warn({ err: (err as Error).message }, 'worker cannot read the lines stream: retrying');
        failing = true;
        await clock.sleep(500);
      }
    }
  }

  private groupReady = false;

  private async ensureGroup(): Promise<void> {
    if (this.groupReady) return;
    const { redis, keys } = this.o;
    try {
      await redis.xgroup('CREATE', keys.lines, keys.group, '0', 'MKSTREAM');
    } catch (err) {
      if (!/BUSYGROUP/.test((err as Error).message)) throw err;
    }
    this.groupReady = true;
  }

  private async claim(): Promise<void> {
    const { redis, keys, name, claimIdleMs, clock, logger } = this.o;
    const [cursor, entries, deleted] = (await redis.xautoclaim(
      keys.lines,
      keys.group,
      name,
      claimIdleMs,
      this.claimCursor,
      'COUNT',
      BATCH,
    )) as [string, Entry[], string[]];
    this.claimCursor = cursor;
    if (cursor === '0-0') this.nextClaimAt = clock.now() + claimIdleMs / 2;
    if (entries.length > 0) {
      this.claimed += entries.length;
      logger.info({ entries: entries.length }, 'took over entries another worker held too long');
    }
    await this.flush(entries);
    if (deleted.length > 0) await redis.xack(keys.lines, keys.group, ...deleted);
  }

  /** Flushes a run of new entries with its parts; entries another worker took meanwhile are left to it. */
  private async flushParts(entries: Entry[]): Promise<void> {
    const { redis, keys, name, clock } = this.o;
    const now = clock.now();
    if (this.batchMs === null || now >= this.batchMs.until)
      this.batchMs = { value: await sharedBatchMs(this.o), until: now + SETTINGS_EVERY_MS };
    const ids = entries.map(([id]) => id);
    const digests = entries.map(([, fields]) => digestLine(lineOf(fields ?? [])));
    const reply = await flushRunParts(redis, keys, name, ids, digests, this.batchMs.value);
    if (reply[0] === 'ok') {
      this.entries += entries.length;
      return;
    }
    const others = new Set(reply.slice(1));
    await this.flush(entries.filter(([id]) => !others.has(id)));
  }

  private async flush(entries: Entry[]): Promise<void> {
    if (entries.length === 0) return;
    const { redis, keys } = this.o;
    const args: string[] = [keys.group];
    const gone: string[] = [];
    for (const [id, fields] of entries) {
      if (fields === null) gone.push(id);
      else args.push(id, digestLine(lineOf(fields)));
    }
    if (args.length > 1) await redis.flushDigests(keys.lines, keys.digests, keys.emitter, ...args);
    // Its line is gone: nothing to digest; the emitter counts it as lost.
    if (gone.length > 0) await redis.xack(keys.lines, keys.group, ...gone);
    this.entries += entries.length;
  }
}

/**
 * Writes a run's parts, facts and digests with its XACK (`FLUSH_PARTS`), as consumer `name`:
 * `['ok']`, or `['retry', …entries another consumer holds now]` having written nothing.
 */
export function flushRunParts(
  redis: Redis & ScaleScripts,
  keys: Keyspace,
  name: string,
  ids: readonly string[],
  digests: readonly string[],
  batchMs: number,
): Promise<string[]> {
  const run = runParts(ids, digests, batchMs);
  return redis.flushParts(
    keys.lines,
    keys.digests,
    keys.emitter,
    keys.fullDigests,
    keys.parts,
    keys.group,
    name,
    ids.length,
    ...ids,
    ...run.facts.map((f) => JSON.stringify(f)),
    ...digests,
    ...[...run.parts].flat(),
  );
}

/** The batch interval the emitter counts with (the shared settings'), read at most every second. */
async function sharedBatchMs(w: DigestWorkerOptions): Promise<number> {
  const json = await w.redis.hget(w.keys.settings, 'json');
  const shared = json === null ? null : (JSON.parse(json) as Partial<Settings>);
  return shared?.batchMs ?? w.batchMs ?? 10_000;
}

function lineOf(fields: string[]): string {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === 'l') return fields[i + 1]!;
  return '';
}
