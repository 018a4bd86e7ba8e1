import { Redis } from 'ioredis';
import { redact } from './redis-url.ts';

export { checkRedisUrl, redact } from './redis-url.ts';

/** Where a connection's changes of state go: one call per change, never one per retry. */
export type RedisStateListener = (state: 'up' | 'down', detail: string) => void;

/** Retries after 100 ms, doubling up to 5 s: a restarted Redis is found again within seconds. */
export function reconnectDelay(attempt: number): number {
  return Math.min(100 * 2 ** Math.max(0, attempt - 1), 5_000);
}

/**
 * A client for `url` (redis://…) that reconnects with backoff forever and reports each change
 * of state once. Commands issued while it is down wait for it (ioredis' offline queue).
 */
export function connectRedis(url: string, onState: RedisStateListener = () => undefined): Redis {
  const client = new Redis(url, {
    retryStrategy: reconnectDelay,
    maxRetriesPerRequest: null,
    lazyConnect: false,
  });
  let up: boolean | null = null;
  client.on('ready', () => {
    if (up !== true) onState('up', `connected to Redis at ${redact(url)}`);
    up = true;
  });
  client.on('error', (err: Error) => {
    if (up !== false) onState('down', `Redis at ${redact(url)} unreachable (${err.message}): retrying`);
    up = false;
  });
  client.on('close', () => {
    if (up === true) onState('down', `lost the connection to Redis at ${redact(url)}: reconnecting`);
    up = false;
  });
  return client;
}
