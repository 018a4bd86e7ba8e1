export { keyspace, DEFAULT_PREFIX, type Keyspace } from './keyspace.ts';
export { connectRedis, checkRedisUrl, reconnectDelay, redact, type RedisStateListener } from './connect.ts';
export type { Redis } from 'ioredis';
