import type { BatchResult } from '@tagstream/protocol';
import type { Keyspace, Redis } from '@tagstream/redis';
import type { Timers } from '@tagstream/time';
import type { Logger } from 'pino';
import { Listeners } from '../pipeline/listeners.ts';
import { ResultHistory } from '../pipeline/result-history.ts';

export interface ResultsFeedOptions {
  /** A connection of its own: XREAD blocks it. */
  redis: Redis;
  keys: Keyspace;
  historyLimit: number;
  clock: Timers;
  logger: Logger;
}

type Entry = [id: string, fields: string[]];

function resultOf(fields: string[]): BatchResult {
  for (let i = 0; i + 1 < fields.length; i += 2)
    if (fields[i] === 'r') return JSON.parse(fields[i + 1]!) as BatchResult;
  throw new Error('a results entry without a result');
}

/**
 * A web node's view of the results stream (DESIGN.md §9): the recent history, read at start,
 * then every new result as the emitter appends it (blocking XREAD from the last one seen, so a
 * reconnect after Redis was away misses none it kept), announced to listeners once each.
 */
export class ResultsFeed {
  readonly history: ResultHistory;
  connected = false;
  private readonly listeners: Listeners<[BatchResult]>;
  private readonly restarts: Listeners<[]>;
  private last = '0-0';
  private running = false;
  private done: Promise<void> = Promise.resolve();

  constructor(private readonly o: ResultsFeedOptions) {
    this.history = new ResultHistory(o.historyLimit);
    this.listeners = new Listeners((err) => o.logger.error({ err }, 'result listener failed'));
    this.restarts = new Listeners((err) => o.logger.error({ err }, 'restart listener failed'));
  }

  onResult(fn: (r: BatchResult) => void): () => void {
    return this.listeners.add(fn);
  }

  /**
   * Counting started afresh (a `begin` mark: a new replay; or a new batch interval): the results
   * number from the start again, and the history before them is dropped, as the single process
   * drops its own.
   */
  onRestart(fn: () => void): () => void {
    return this.restarts.add(fn);
  }

  /** A result in stream order: a number not past the latest one's means counting started again. */
  private accept(result: BatchResult): boolean {
    const latest = this.history.latest();
    const restarted = latest !== null && result.seq <= latest.seq;
    if (restarted) this.history.clear();
    this.history.push(result);
    return restarted;
  }

  /** Loads the recent history, then follows the stream. */
  async start(): Promise<void> {
    const { redis, keys, historyLimit } = this.o;
    const recent = (await redis.xrevrange(keys.results, '+', '-', 'COUNT', historyLimit)) as Entry[];
    for (const [, fields] of recent.reverse()) this.accept(resultOf(fields));
    this.last = recent.at(-1)?.[0] ?? '0-0';
    this.connected = true;
    this.running = true;
    this.done = this.follow();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.o.redis.disconnect();
    await this.done;
  }

  private async follow(): Promise<void> {
    const { redis, keys, clock, logger } = this.o;
    while (this.running) {
      try {
        const reply = (await redis.xread(
          'COUNT',
          1000,
          'BLOCK',
          1000,
          'STREAMS',
          keys.results,
          this.last,
        )) as [string, Entry[]][] | null;
        this.connected = true;
        for (const [id, fields] of reply?.[0]?.[1] ?? []) {
          this.last = id;
          const result = resultOf(fields);
          if (this.accept(result)) this.restarts.emit();
          this.listeners.emit(result);
        }
      } catch (err) {
        if (!this.running) break;
        if (this.connected)
          logger.warn({ err: (err as Error).message }, 'cannot read the results stream: retrying');
        this.connected = false;
        await clock.sleep(500);
      }
    }
  }
}
