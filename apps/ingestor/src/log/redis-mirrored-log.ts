import { connectRedis, keyspace, type Keyspace, type Redis } from '@tagstream/redis';
import type { Logger } from 'pino';
import type { LineLog, LineLogStats, LogBounds, LogSlice } from './line-log.ts';

export interface RedisMirrorOptions {
  url: string;
  prefix?: string;
  bounds: LogBounds;
  logger: Logger;
}

/** Lines of one XADD pipeline: big enough to amortize the round trip, small enough to keep Redis responsive. */
const LINES_PER_PIPELINE = 1_000;

/**
 * The embedded log with every line also appended to a Redis Stream (DESIGN.md §9, "Ingest to
 * Redis"): the ingestor's code path stays the same (LineServer appends here, consumers on TCP
 * read the embedded log), and a burst counts as committed only once both have it, so a fast
 * source is paced by the slower of the two. The stream is bounded like the embedded log: entries
 * older than the age bound go (`MINID ~`, on Redis' clock, which stamps the entry ids), and past
 * the size bound, at the average line size seen, the oldest (`MAXLEN ~`).
 */
export class RedisMirroredLog implements LineLog {
  private readonly redis: Redis;
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
    this.redis = connectRedis(options.url, (state, detail) =>
      state === 'up' ? log.info(detail) : log.warn(detail),
    );
    this.keys = keyspace(options.prefix);
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
    const remote = this.chain.then(() => this.mirror(text));
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

  private async mirror(text: string): Promise<void> {
    const lines = text.split('\n');
    lines.pop();
    this.linesSeen += lines.length;
    this.bytesSeen += Buffer.byteLength(text);
    const { maxAgeMs, maxBytes } = this.options.bounds;
    const maxLen = Math.max(1_000, Math.ceil(maxBytes / Math.max(1, this.bytesSeen / this.linesSeen)));
    for (let i = 0; i < lines.length; i += LINES_PER_PIPELINE) {
      const p = this.redis.pipeline();
      // Redis stamps entry ids with its own clock: the age bound is measured there too.
      const minId = `${Math.max(0, Date.now() - maxAgeMs)}-0`;
      for (const line of lines.slice(i, i + LINES_PER_PIPELINE)) {
        p.xadd(this.keys.lines, 'MINID', '~', minId, '*', 'l', line);
      }
      p.xtrim(this.keys.lines, 'MAXLEN', '~', maxLen);
      const results = await p.exec();
      const failed = results?.find(([err]) => err !== null);
      if (failed) throw failed[0]!;
    }
  }
}
