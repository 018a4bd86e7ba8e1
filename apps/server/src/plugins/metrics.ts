import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LiveCore } from '../pipeline/live-core.ts';

/**
 * Prometheus metrics at `/metrics` (prom-client). Lifetime counters are read from
 * the core on scrape, so the hot path pays nothing for them.
 */
export function registerMetrics(
  app: FastifyInstance,
  core: LiveCore,
  clients: () => number,
): { observeEmit: (processingMs: number, lagMs: number) => void } {
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
  fromCore('tagstream_tweets_total', 'Tweets counted', () => core.counter.lifetime.tweets);
  fromCore(
    'tagstream_late_total',
    'Tweets older than a closed batch, not counted',
    () => core.counter.lifetime.late,
  );
  fromCore(
    'tagstream_duplicates_total',
    'Re-delivered tweets dropped by id',
    () => core.counter.lifetime.duplicates,
  );
  fromCore('tagstream_malformed_total', 'Malformed lines skipped', () => core.counter.lifetime.malformed);
  fromCore('tagstream_lines_total', 'Lines read from the source', () => core.tally.lines);
  fromCore('tagstream_results_total', 'Results emitted', () => core.counter.lifetime.emitted);
  fromCore('tagstream_source_reconnects_total', 'Reconnects to the line source', () => core.reconnects());
  new Gauge({
    name: 'tagstream_socket_clients',
    help: 'Connected dashboards',
    registers: [registry],
    collect() {
      this.set(clients());
    },
  });
  new Gauge({
    name: 'tagstream_checkpoint_age_seconds',
    help: 'Seconds since the last checkpoint was written (-1: none yet)',
    registers: [registry],
    collect() {
      const at = core.lastCheckpointAt();
      this.set(at === null ? -1 : (Date.now() - at) / 1000);
    },
  });
  const processing = new Histogram({
    name: 'tagstream_batch_processing_seconds',
    help: 'Time to compute one result',
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5],
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'tagstream_emit_lag_seconds',
    help: 'Batch close to result broadcast',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return {
    observeEmit: (processingMs, lagMs) => {
      processing.observe(processingMs / 1000);
      lag.observe(lagMs / 1000);
    },
  };
}
