// What a command needs to check a --redis flag, apart from the client: importing ioredis costs
// `tagstream count` a fifth of its start-up (the `./url` entry of this package).

/** Checks a --redis value: a redis:// (or rediss://) URL; the message names the problem. */
export function checkRedisUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `not a URL: ${url} (use redis://HOST:PORT)`;
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') return `not a redis:// URL: ${redact(url)}`;
  return null;
}

/** A redis:// URL without its password, for logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
