import { systemClock } from '@tagstream/time';
import pino from 'pino';
import { startWebNode, type WebNodeOptions } from '../../apps/server/src/scale/web-node.ts';
import type { BatchResult } from '@tagstream/protocol';
import { connectRedis, keyspace } from '@tagstream/redis';
import { Proc, WINDOW_FLAGS } from '../chaos/support/processes.ts';

/** `tagstream ingest replay FILE --redis URL` (TCP and control API on free ports). */
export function ingestToRedis(recording: string, url: string, speed: string, extra: string[] = []): Proc {
  return new Proc([
    'ingest',
    'replay',
    recording,
    '--speed',
    speed,
    '--port',
    '0',
    '--control-port',
    '0',
    '--no-progress',
    '--linger',
    '0s',
    '--redis',
    url,
    ...extra,
  ]);
}

/** `tagstream work --redis URL` with short claim and lease times, counting with the chaos suite's window flags. */
export function worker(url: string, name: string, extra: readonly string[] = []): Proc {
  return new Proc([
    'work',
    '--redis',
    url,
    '--name',
    name,
    '--claim-idle',
    '1s',
    '--lease-ttl',
    '2s',
    ...WINDOW_FLAGS,
    ...extra,
  ]);
}

/** Every result in the results stream, in order. */
export async function resultsIn(url: string): Promise<BatchResult[]> {
  const client = connectRedis(url);
  try {
    const entries = await client.xrange(keyspace().results, '-', '+');
    return entries.map(([, f]) => JSON.parse(f[f.indexOf('r') + 1]!) as BatchResult);
  } finally {
    client.disconnect();
  }
}

/** Waits until the results stream holds at least `n` results (polling: results come from other processes). */
export async function untilResults(url: string, n: number, timeoutMs: number): Promise<BatchResult[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const results = await resultsIn(url);
    if (results.length >= n) return results;
    if (Date.now() > deadline) throw new Error(`${results.length} results of ${n} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `tagstream serve --redis URL --port 0` (a web node); resolves with its URL once it listens. */
export async function webNode(url: string): Promise<{ proc: Proc; url: string }> {
  const proc = new Proc(['serve', '--redis', url, '--port', '0', ...WINDOW_FLAGS]);
  const [, at] = await proc.waitFor(/dashboard at (http:\/\/127\.0\.0\.1:\d+)/);
  return { proc, url: at! };
}

/** A web node in this process on `url` (port 0, silent, results sent as they come), with `extra` options. */
export function inProcessWebNode(
  url: string,
  extra: Partial<WebNodeOptions> = {},
): ReturnType<typeof startWebNode> {
  return startWebNode({
    url,
    host: '127.0.0.1',
    port: 0,
    allowedHosts: [],
    allowedOrigins: [],
    settings: { batchMs: 2000, windowMs: 6000, slideMs: 2000, topK: 10, retweets: true, related: 5 },
    webDist: null,
    broadcastIntervalMs: 0,
    clock: systemClock,
    logger: pino({ level: 'silent' }),
    ...extra,
  });
}
