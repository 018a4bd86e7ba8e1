import { hostname } from 'node:os';
import type { Settings } from '@tagstream/protocol';
import { connectRedis, keyspace, type Redis } from '@tagstream/redis';
import type { CounterBase } from '@tagstream/stream';
import type { Timers } from '@tagstream/time';
import type { Logger } from 'pino';
import { DigestWorker } from './digest-worker.ts';
import { CountingModeClaim } from './counting-mode.ts';
import { Emitter } from './emitter.ts';
import { withScripts } from './redis-scripts.ts';

export interface WorkOptions {
  url: string;
  prefix?: string;
  /** This worker's consumer name; host and pid by default. */
  name?: string;
  /** The settings to count with when Redis has none yet (the first worker's become everyone's). */
  settings: Settings;
  counter?: CounterBase;
  claimIdleMs: number;
  leaseTtlMs: number;
  clock: Timers;
  logger: Logger;
  /**
   * Count in parts merged in Redis (`--merge`): workers share the counting, not only the parsing.
   * Every worker of a stream must agree: one of the other mode than the running ones throws
   * CountingModeError (the mode is held in Redis for `leaseTtlMs` after the last worker stops).
   */
  merge?: boolean;
}

export interface Work {
  readonly name: string;
  readonly worker: DigestWorker;
  readonly emitter: Emitter;
  stop(): Promise<void>;
}

/**
 * `tagstream work` (DESIGN.md §9): one member of the workers' group (DigestWorker) and one
 * candidate for the emitter lease (Emitter), each on its own connection (XREADGROUP blocks its own).
 */
export async function startWork(o: WorkOptions): Promise<Work> {
  const name = o.name ?? `${hostname()}-${process.pid}`;
  const keys = keyspace(o.prefix);
  const log = o.logger.child({ worker: name });
  const connect = (part: string): Redis => {
    const l = log.child({ part });
    return connectRedis(o.url, (state, detail) => (state === 'up' ? l.info(detail) : l.warn(detail)));
  };
  const reading = withScripts(connect('reader'));
  const emitting = withScripts(connect('emitter'));
  const merge = o.merge ?? false;
  let mode: CountingModeClaim;
  try {
    mode = await CountingModeClaim.join({
      redis: emitting,
      keys,
      mode: merge ? 'merge' : 'digests',
      ttlMs: o.leaseTtlMs,
      clock: o.clock,
      logger: log,
    });
  } catch (err) {
    reading.disconnect();
    emitting.disconnect();
    throw err;
  }
  await emitting.hsetnx(keys.settings, 'json', JSON.stringify(o.settings));
  const shared = await emitting.hget(keys.settings, 'json');
  const settings = shared === null ? o.settings : (JSON.parse(shared) as Settings);
  const worker = new DigestWorker({
    redis: reading,
    keys,
    name,
    claimIdleMs: o.claimIdleMs,
    clock: o.clock,
    logger: log,
    merge,
    batchMs: settings.batchMs,
  });
  const emitter = new Emitter({
    redis: emitting,
    keys,
    name,
    settings,
    ...(o.counter ? { counter: o.counter } : {}),
    leaseTtlMs: o.leaseTtlMs,
    clock: o.clock,
    logger: log,
    merge,
  });
  worker.start();
  emitter.start();
  log.info({ settings, merge }, `worker ${name} reading the lines stream`);
  return {
    name,
    worker,
    emitter,
    stop: async () => {
      await Promise.all([worker.stop(), emitter.stop()]);
      mode.stop();
      reading.disconnect();
      emitting.disconnect();
    },
  };
}
