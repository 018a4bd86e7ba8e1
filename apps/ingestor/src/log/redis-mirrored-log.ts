import { connectRedis, keyspace, type Keyspace, type Redis } from '@tagstream/redis';
import type { Logger } from 'pino';
import type { LineLog, LineLogStats, LogBounds, LogSlice } from './line-log.ts';

export interface RedisMirrorOptions {
  url: string;
  prefix?: string;
  bounds: LogBounds;
  logger: Logger;
}

/** Lines of one append script: big enough to amortize the round trip, small enough to keep Redis responsive. */
const LINES_PER_CALL = 1_000;

/**
 * Appends lines with their log offsets, idempotently: a line whose offset is not past the last
 * one appended from the same log is skipped. ioredis sends a command again when a reconnect
 * swallowed its reply, and Redis may have run it already: without this check a line would be in
 * the stream twice. Each entry carries its offset (`o`), so a reader sees a gap (lines trimmed
 * before it read them) as a jump; the first entry from a new log also carries the log's id (`g`).
 * The age bound is measured on Redis' clock, which stamps the entry ids.
 * KEYS: lines, appended. ARGV: log id, offset of the first line, max age ms, max length, lines….
 * Returns the number of lines appended.
 */
const APPEND = `
local log = redis.call('HGET', KEYS[2], 'log')
local first = tonumber(ARGV[2])
local last = tonumber(redis.call('HGET', KEYS[2], 'last') or '-1')
local newLog = log ~= ARGV[1]
if newLog then
  last = first - 1
  redis.call('HSET', KEYS[2], 'log', ARGV[1], 'first', ARGV[2])
end
local now = redis.call('TIME')
local minId = string.format('%.0f-0', math.max(0, tonumber(now[1]) * 1000 - tonumber(ARGV[3])))
local added = 0
for i = 5, #ARGV do
  local o = first + i - 5
  if o > last then
    local offset = string.format('%.0f', o)
    if newLog and added == 0 then
      redis.call('XADD', KEYS[1], 'MINID', '~', minId, '*', 'l', ARGV[i], 'o', offset, 'g', ARGV[1])
    else
      redis.call('XADD', KEYS[1], 'MINID', '~', minId, '*', 'l', ARGV[i], 'o', offset)
    end
    last = o
    added = added + 1
  end
end
redis.call('HSET', KEYS[2], 'last', string.format('%.0f', last))
redis.call('XTRIM', KEYS[1], 'MAXLEN', '~', ARGV[4])
return added
`;

export type AppendingRedis = Redis & {
  /** KEYS lines, appended; then log id, offset of the first line, max age ms, max length, lines…. */
  appendLines(lines: string, appended: string, ...args: (string | number)[]): Promise<number>;
};

/** `client` with the idempotent append as its `appendLines` command. */
export function withAppendLines(client: Redis): AppendingRedis {
  client.defineCommand('appendLines', { numberOfKeys: 2, lua: APPEND });
  return client as AppendingRedis;
}

/**
 * The embedded log with every line also appended to a Redis Stream (DESIGN.md §9, "Ingest to
 * Redis"): the ingestor's code path stays the same (LineServer appends here, consumers on TCP
 * read the embedded log), and a burst counts as committed only once both have it, so a fast
 * source is paced by the slower of the two. The stream is bounded like the embedded log: entries
 * older than the age bound go (`MINID ~`, on Redis' clock, which stamps the entry ids), and past
 * the size bound, at the average line size seen, the oldest (`MAXLEN ~`).
 */
export class RedisMirroredLog implements LineLog {
  private readonly redis: AppendingRedis;
  private readonly keys: Keyspace;
  private bytesSeen = 0;
  private linesSeen = 0;
  /** Appends to Redis go one after another, so the stream holds the lines in the log's order. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly inner: LineLog,
    private readonly options: RedisMirrorOptions,
  ) {
    const log = options.logger.child({ part: 'redis' });
    this.redis = withAppendLines(
      connectRedis(options.url, (state, detail) => (state === 'up' ? log.info(detail) : log.warn(detail))),
    );
    this.keys = keyspace(options.prefix);
    this.chain = this.catchUp().catch((err: Error) =>
      log.warn({ err: err.message }, 'could not append the lines Redis missed from the log'),
    );
  }

  get id(): string {
    return this.inner.id;
  }

  first(): number {
    return this.inner.first();
  }

  end(): number {
    return this.inner.end();
  }

  append(text: string, lines: number, now: number, bytes?: Buffer): Promise<number> {
    const local = this.inner.append(text, lines, now, bytes);
    // The offsets are the embedded log's: known once it has the lines.
    const remote = Promise.all([local, this.chain]).then(([offset]) => this.mirror(text, offset));
    this.chain = remote.catch(() => undefined);
    return Promise.all([local, remote]).then(([offset]) => offset);
  }

  uncommittedBytes(): number {
    return this.inner.uncommittedBytes();
  }

  read(from: number, maxBytes: number): LogSlice {
    return this.inner.read(from, maxBytes);
  }

  stats(): LineLogStats {
    return this.inner.stats();
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined);
    this.redis.disconnect();
    await this.inner.close();
  }

  /**
   * Lines of this log that never reached Redis (the ingestor stopped between the embedded log's
   * commit and Redis', or while Redis was away) are appended first, from the embedded log: a
   * restart with the same log loses nothing the log kept. Lines appended meanwhile are skipped by
   * the append script, whichever call brings them first.
   */
  private async catchUp(): Promise<void> {
    const [log, last] = await this.redis.hmget(this.keys.appended, 'log', 'last');
    if (log !== this.inner.id || last === null) return;
    let from = Number(last) + 1;
    const missed = this.inner.end() - from;
    if (missed <= 0) return;
    this.options.logger.info({ lines: missed }, 'appending the lines Redis missed from the log');
    while (from < this.inner.end()) {
      const slice = this.inner.read(from, 1 << 20);
      if (slice.lines === 0) break;
      await this.mirror(slice.text, slice.from);
      from = slice.from + slice.lines;
    }
  }

  private async mirror(text: string, offset: number): Promise<void> {
    const lines = text.split('\n');
    lines.pop();
    this.linesSeen += lines.length;
    this.bytesSeen += Buffer.byteLength(text);
    const { maxAgeMs, maxBytes } = this.options.bounds;
    const maxLen = Math.max(1_000, Math.ceil(maxBytes / Math.max(1, this.bytesSeen / this.linesSeen)));
    for (let i = 0; i < lines.length; i += LINES_PER_CALL) {
      await this.redis.appendLines(
        this.keys.lines,
        this.keys.appended,
        this.inner.id,
        offset + i,
        maxAgeMs,
        maxLen,
        ...lines.slice(i, i + LINES_PER_CALL),
      );
    }
  }
}
