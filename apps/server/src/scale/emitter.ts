import type { BatchResult, Settings } from '@tagstream/protocol';
import type { Keyspace, Redis } from '@tagstream/redis';
import { CounterOptionsError, CounterSession, feedDigest, type CounterBase } from '@tagstream/stream';
import type { TimerHandle, Timers } from '@tagstream/time';
import type { Tweet } from '@tagstream/tweets';
import type { Logger } from 'pino';
import { lookbackBatches, readRetentionMs } from '../pipeline/batch-reads.ts';
import { DEFAULT_RISING_OPTIONS, risingTags } from '../pipeline/rising-tags.ts';
import type { ScaleScripts } from './redis-scripts.ts';
import { SettingsFollower } from './settings-follower.ts';
import { idBefore, queuedEntry, type Queued } from './lines-queue.ts';
import { TagDetails } from './tag-details.ts';
import { MergedWalk } from './merged-walk.ts';
import { resumeSession, sweepCounted, type Progress } from './emitter-resume.ts';

export interface EmitterOptions {
  redis: Redis & ScaleScripts;
  keys: Keyspace;
  name: string;
  /** The settings to count with while Redis holds none (the shared ones win, and their changes apply). */
  settings: Settings;
  counter?: CounterBase;
  leaseTtlMs: number;
  /** Checkpoint at least this often (wall ms) while results come. */
  checkpointEveryMs?: number;
  clock: Timers;
  logger: Logger;
  /** Workers count in parts (`work --merge`): batches are filled from them (MergedWalk). */
  merge?: boolean;
}

const RESULTS_KEPT = 2_000;
const FETCH = 1_000;
const FEED = 500;
/** Drill-downs are written at most this often (wall ms). */
const DETAILS_EVERY_MS = 1_000;

/**
 * The one emitter (DESIGN.md §9): whoever holds the lease feeds the digests to a counting session
 * in the order of the lines stream, exactly as the single process feeds lines, and appends each
 * result to the results stream. The order of the stream is the order `tagstream count` reads,
 * and feeding a digest is feeding its line (line-digest.ts), so the results are count's.
 *
 * A result is written with its number, fenced by the lease token; the session is checkpointed in
 * Redis with the stream position and the number of results it had made. A new emitter restores
 * that checkpoint and feeds the digests after its position again: it recomputes the same results
 * and writes only those past the last one written, so none is lost or written twice.
 */
export class Emitter {
  private running = false;
  private done: Promise<void> = Promise.resolve();
  private token: string | null = null;
  private session: CounterSession | null = null;
  private progress: Progress = { position: '0-0', n: 0 };
  private fetchedUpTo = '0-0';
  /** The offset expected after the last entry fetched. */
  private fetchedNext: number | undefined;
  private queue: Queued[] = [];
  private applied: string[] = [];
  private outbox: (string | number)[] = [];
  private lastCheckpointAt = 0;
  private renewTimer: TimerHandle | null = null;
  private readonly shared: SettingsFollower;
  private details = new TagDetails(DETAILS_EVERY_MS);
  private walk: MergedWalk | null = null;

  constructor(private readonly o: EmitterOptions) {
    this.shared = new SettingsFollower(o.redis, o.keys);
  }

  get leader(): boolean {
    return this.token !== null;
  }

  /** The entry the emitter feeds next, once its digest is written (null when it has none queued). */
  get waitingFor(): string | null {
    return this.queue[0]?.id ?? null;
  }

  /** The settings the emitter counts with (null while it does not hold the lease). */
  get settings(): Settings | null {
    return this.session?.settings ?? null;
  }

  start(): void {
    this.running = true;
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
    if (this.token !== null) {
      await this.flushOutbox().catch(() => undefined);
      await this.checkpoint().catch(() => undefined);
      // Let the next emitter start at once instead of waiting out the TTL.
      await this.o.redis.releaseLease(this.o.keys.lease, this.token);
      this.lose();
    }
  }

  private async loop(): Promise<void> {
    const { clock, logger, leaseTtlMs } = this.o;
    let failing = false;
    while (this.running) {
      try {
        if (this.token === null) {
          if (!(await this.acquire())) {
            await clock.sleep(leaseTtlMs / 3);
            continue;
          }
        }
        await this.followSettings();
        const fed = await this.step();
        await this.flushOutbox();
        await this.writeDetails();
        if (this.checkpointDue()) await this.checkpoint();
        if (failing) logger.info('emitter writing again');
        failing = false;
        if (!fed) await clock.sleep(this.queue.length > 0 ? 5 : 20);
      } catch (err) {
        if (!this.running) break;
        if (!failing) logger.warn({ err: (err as Error).message }, 'emitter cannot reach Redis: retrying');
        failing = true;
        await clock.sleep(500);
      }
    }
  }

  private async acquire(): Promise<boolean> {
    const { redis, keys, name, leaseTtlMs, logger, clock } = this.o;
    const token = `${await redis.incr(keys.fence)}:${name}`;
    if ((await redis.set(keys.lease, token, 'PX', leaseTtlMs, 'NX')) !== 'OK') return false;
    this.token = token;
    await this.load();
    this.renewTimer = clock.setInterval(() => void this.renew(), Math.max(50, leaseTtlMs / 3));
    logger.info(
      { token, position: this.progress.position, results: this.progress.n },
      'took the emitter lease',
    );
    return true;
  }

  private async renew(): Promise<void> {
    const token = this.token;
    if (token === null) return;
    const held = await this.o.redis.renewLease(this.o.keys.lease, token, this.o.leaseTtlMs).catch(() => 1);
    if (held === 0 && this.token === token) {
      this.o.logger.warn({ token }, 'lost the emitter lease: another worker emits now');
      this.lose();
    }
  }

  private lose(): void {
    if (this.renewTimer !== null) this.o.clock.clearTimeout(this.renewTimer);
    this.renewTimer = null;
    this.token = null;
    this.session = null;
    this.queue = [];
    this.applied = [];
    this.outbox = [];
    this.walk = null;
  }

  /** A fresh session at the checkpoint's state and position, or at the stream's start. */
  private async load(): Promise<void> {
    const { redis, keys, logger } = this.o;
    const shared = await this.shared.current(this.o.settings);
    const resumed = await resumeSession({
      redis,
      keys,
      logger,
      shared,
      newSession: (s) => this.newSession(s),
    });
    const { session } = resumed;
    this.progress = resumed.progress;
    const swept = await sweepCounted(redis, keys, this.progress.position);
    if (swept > 0) logger.info({ fields: swept }, 'deleted what an emitter before left after its checkpoint');
    this.session = session;
    this.details = new TagDetails(DETAILS_EVERY_MS);
    const counted = (t: Tweet): void => this.details.counted(t);
    const watermarkFromSource = resumed.watermarkFromSource;
    this.walk = this.o.merge ? new MergedWalk(redis, keys, session, { watermarkFromSource, counted }) : null;
    this.fetchedUpTo = this.progress.position;
    this.fetchedNext = this.progress.next;
    this.queue = [];
    this.applied = [];
    this.outbox = [];
    this.lastCheckpointAt = resumed.checkpointNow ? -Infinity : this.o.clock.now();
  }

  private newSession(settings: Settings): CounterSession {
    return new CounterSession({
      settings,
      // The drill-downs' authors and languages, as in the single process.
      base: { tagProfiles: true, ...this.o.counter },
      minRetentionMs: readRetentionMs,
      clock: this.o.clock,
      sink: {
        result: (r) => this.publish(r),
        counted: (tweet) => this.details.counted(tweet),
        failed: (err, call) => this.o.logger.error({ err, call }, 'emitter step failed'),
      },
    });
  }

  /**
   * Applies settings a web node wrote, as the single process applies a settings request: a new
   * batch interval restarts counting, window, slide, top K and related tags apply from the next
   * result. Checkpointed at once, so a next emitter resumes with them.
   */
  private async followSettings(): Promise<void> {
    const patch = await this.shared.changed(this.o.clock.now());
    if (patch === null || this.session === null) return;
    try {
      const change = this.session.applySettings(patch);
      this.o.logger.info(
        { settings: change.settings, reset: change.reset },
        change.reset
          ? 'batch interval changed: counting starts again from the next lines'
          : 'settings changed: they apply from the next result',
      );
      if (change.reset) this.details.clear();
      this.lastCheckpointAt = -Infinity;
    } catch (err) {
      if (!(err instanceof CounterOptionsError)) throw err;
      this.o.logger.warn(
        { err: err.message, patch },
        'shared settings cannot be applied: counting as before',
      );
    }
  }

  /** Feeds the digests that are ready, in stream order, up to the first one not written yet. */
  private async step(): Promise<boolean> {
    const { redis, keys } = this.o;
    if (this.queue.length < FETCH) {
      const entries = (await redis.xrange(keys.lines, `(${this.fetchedUpTo}`, '+', 'COUNT', FETCH)) as [
        string,
        string[],
      ][];
      for (const [id, fields] of entries) {
        const q = queuedEntry(id, fields, this.fetchedNext);
        if (q.offset !== undefined) this.fetchedNext = q.offset + 1;
        this.queue.push(q);
      }
      if (entries.length > 0) this.fetchedUpTo = entries[entries.length - 1]![0];
    }
    if (this.queue.length === 0 || this.session === null) return false;
    const head = this.queue.slice(0, FEED);
    const digests = await redis.hmget(keys.digests, ...head.map((q) => q.id));
    let fed = 0;
    let lost = 0;
    for (const d of digests) {
      if (d === null) break;
      lost += await this.feed(head[fed]!, d);
      fed++;
      // Counting in parts, a checkpoint waits for a boundary between segments: stop at one.
      if (this.walk?.atBoundary === true && this.checkpointDue()) break;
    }
    if (fed === 0) return this.skipTrimmed();
    this.queue.splice(0, fed);
    this.warnLost(lost, head[fed - 1]!.id);
    return true;
  }

  /** Feeds one entry (its line lost when `digest` is null); returns the lines counted as lost. */
  private async feed(q: Queued, digest: string | null): Promise<number> {
    const session = this.session!;
    const lost = q.gap + (digest === null ? 1 : 0);
    if (lost > 0) session.lost(lost);
    if (digest !== null && this.walk !== null) await this.walk.feed(q.id, digest);
    else if (digest !== null) feedDigest(session, digest);
    this.applied.push(q.id);
    this.progress.position = q.id;
    if (q.offset !== undefined) this.progress.next = q.offset + 1;
    return lost;
  }

  private warnLost(lines: number, upTo: string): void {
    if (lines === 0) return;
    this.o.logger.warn(
      { lines, upTo },
      `${lines} lines were lost: they had left the lines stream before they were counted (an outage longer than its bounds)`,
    );
  }

  /**
   * The first entry has no digest yet: a worker has it, or the worker that read it died and its
   * line was trimmed from the stream before another claimed it (no digest will ever come). The
   * queued entries before the first one still in the stream are counted as lost and passed.
   */
  private async skipTrimmed(): Promise<boolean> {
    const { redis, keys } = this.o;
    const [first] = await redis.xrange(keys.lines, this.queue[0]!.id, '+', 'COUNT', 1);
    const survivor = first?.[0];
    let gone = 0;
    while (gone < this.queue.length && (survivor === undefined || idBefore(this.queue[gone]!.id, survivor)))
      gone++;
    if (gone === 0) return false;
    const passed = this.queue.splice(0, gone);
    // Those digested just before their lines went are fed as usual.
    const digests = await redis.hmget(keys.digests, ...passed.map((q) => q.id));
    let lost = 0;
    for (const [i, q] of passed.entries()) lost += await this.feed(q, digests[i] ?? null);
    this.warnLost(lost, passed[gone - 1]!.id);
    return true;
  }

  private publish(result: BatchResult): void {
    const { counter, settings } = this.session!;
    const from = Date.parse(result.window.start) / settings.batchMs;
    const to = Date.parse(result.window.end) / settings.batchMs;
    const rising = DEFAULT_RISING_OPTIONS;
    result.rising = risingTags(counter, from, to, lookbackBatches(to - from), result.top, rising);
    result.emittedAt = new Date(this.o.clock.now()).toISOString();
    this.progress.n++;
    this.outbox.push(this.progress.n, JSON.stringify(result));
    this.details.result(result);
  }

  private async flushOutbox(): Promise<void> {
    if (this.outbox.length === 0 || this.token === null) return;
    const { redis, keys } = this.o;
    const args = this.outbox;
    const r = await redis.appendResults(
      keys.lease,
      keys.results,
      keys.emitter,
      this.token,
      RESULTS_KEPT,
      ...args,
    );
    if (r === -1) {
      this.o.logger.warn('lost the emitter lease before writing results: another worker emits now');
      this.lose();
      return;
    }
    if (this.outbox === args) this.outbox = [];
  }

  /** Writes the latest result's drill-downs when due, once the result itself is written. */
  private async writeDetails(): Promise<void> {
    if (this.token === null || this.session === null || this.outbox.length > 0) return;
    await this.walk?.samples(this.o.clock.now());
    const due = this.details.due(this.o.clock.now(), this.session.counter, this.session.settings);
    if (due === null || due.length === 0) return;
    const r = await this.o.redis.writeTagDetails(
      this.o.keys.lease,
      this.o.keys.tags,
      this.token,
      ...due.flat(),
    );
    if (r === -1) {
      this.o.logger.warn('lost the emitter lease before writing drill-downs: another worker emits now');
      this.lose();
    }
  }

  /** Saves the session with its position (after every result it made is written), then drops the digests it fed. */
  private async checkpoint(): Promise<void> {
    if (this.token === null || this.session === null) return;
    if (this.outbox.length > 0) return;
    if (this.walk !== null) {
      if (!this.walk.atBoundary) return;
      await this.walk.fillAll();
    }
    const { redis, keys } = this.o;
    const value = JSON.stringify(this.session.checkpoint({ ...this.progress }));
    const r = await redis.saveCheckpoint(keys.lease, keys.emitter, this.token, value, this.progress.position);
    if (r === -1) {
      this.o.logger.warn('lost the emitter lease before checkpointing: another worker emits now');
      this.lose();
      return;
    }
    this.lastCheckpointAt = this.o.clock.now();
    const fed = this.applied;
    this.applied = [];
    for (let i = 0; i < fed.length; i += 1_000) await redis.hdel(keys.digests, ...fed.slice(i, i + 1_000));
    await this.walk?.forget(fed);
    this.walk?.report(this.o.logger, this.o.clock.now());
  }

  private checkpointDue(): boolean {
    return this.o.clock.now() - this.lastCheckpointAt >= (this.o.checkpointEveryMs ?? 2_000);
  }
}
