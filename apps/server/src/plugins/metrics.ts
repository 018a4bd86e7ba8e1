import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { systemClock, type Clock } from '@tagstream/time';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Prometheus registry served at `/metrics`, for any plugin's own figures. */
    metrics: Registry;
  }
}

export interface MetricsOptions {
  /** Monotonic time (lag measurements) and wall time (checkpoint age); the system clock by default. */
  clock?: Clock | undefined;
}

/**
 * Prometheus metrics at `/metrics` (prom-client). Lifetime counters are read from
 * the core on scrape, so the hot path pays nothing for them; timings come from
 * listening to the core (processing) and to the realtime plugin (close-to-broadcast lag).
 */
async function metrics(app: FastifyInstance, opts: MetricsOptions): Promise<void> {
  const { core, realtime } = app;
  const clock = opts.clock ?? systemClock;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tagstream_process_' });
  const fromCore = (name: string, help: string, read: () => number): void => {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  };
  const gauge = (name: string, help: string, read: () => number): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  };
  fromCore('tagstream_tweets_total', 'Tweets counted', () => core.lifetime().tweets);
  fromCore(
    'tagstream_late_total',
    'Tweets older than a closed batch, not counted',
    () => core.lifetime().late,
  );
  fromCore(
    'tagstream_duplicates_total',
    'Re-delivered tweets dropped by id',
    () => core.lifetime().duplicates,
  );
  fromCore(
    'tagstream_malformed_total',
    'Malformed lines skipped (oversized lines included)',
    () => core.lifetime().malformed,
  );
  fromCore(
    'tagstream_overflow_total',
    'Hashtags dropped at the per-batch key cap',
    () => core.lifetime().overflow,
  );
  fromCore(
    'tagstream_lost_total',
    "Input lines lost: they had left the ingestor's log before the core asked for them",
    () => core.lifetime().lost,
  );
  fromCore(
    'tagstream_skipped_by_offset_total',
    'Re-sent lines below the checkpointed log position, skipped by offset (not duplicates)',
    () => core.skippedByOffset(),
  );
  fromCore('tagstream_lines_total', 'Lines read from the source', () => core.tally.lines);
  fromCore('tagstream_results_total', 'Results emitted', () => core.lifetime().emitted);
  fromCore('tagstream_source_reconnects_total', 'Reconnect attempts to the line source', () =>
    core.reconnects(),
  );
  gauge('tagstream_source_connected', '1 while connected to the line source', () =>
    core.sourceStatus().connected ? 1 : 0,
  );
  gauge('tagstream_socket_clients', 'Connected dashboards', realtime.clients);
  gauge(
    'tagstream_checkpoint_age_seconds',
    'Age of the state in the newest checkpoint (-1: none yet)',
    () => {
      const at = core.lastCheckpointAt();
      return at === null ? -1 : (clock.now() - at) / 1000;
    },
  );
  gauge(
    'tagstream_checkpoint_duration_seconds',
    'How long the last checkpoint took, from taking the state to the file in place',
    () => (core.checkpointTimes()?.lastDurationMs ?? 0) / 1000,
  );
  gauge(
    'tagstream_checkpoint_pause_seconds',
    'How long the last checkpoint held the event loop (taking the state; the rest is written in slices)',
    () => (core.checkpointTimes()?.lastPauseMs ?? 0) / 1000,
  );
  gauge(
    'tagstream_checkpoint_pause_max_seconds',
    'The longest a checkpoint held the event loop since start',
    () => (core.checkpointTimes()?.maxPauseMs ?? 0) / 1000,
  );
  const processing = new Histogram({
    name: 'tagstream_batch_processing_seconds',
    help: 'Time to compute one result (top K, totals, rising tags)',
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5],
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'tagstream_emit_lag_seconds',
    help: "From the arrival of the input that closed a batch to the result's broadcast to dashboards",
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.get(
    '/metrics',
    { schema: { hide: true }, config: { pressureHandler: () => undefined } },
    async (_req, reply) => {
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    },
  );
  app.decorate('metrics', registry);

  const offResult = core.onResult((result) => processing.observe(result.stats.processingMs / 1000));
  const observeLag = (_result: unknown, closedAt: number): void =>
    lag.observe(Math.max(0, clock.monotonic() - closedAt) / 1000);
  realtime.on('sent', observeLag);
  app.addHook('onClose', async () => {
    offResult();
    realtime.off('sent', observeLag);
  });
}

export default fp(metrics, {
  name: 'tagstream-metrics',
  dependencies: ['tagstream-core', 'tagstream-realtime'],
});
