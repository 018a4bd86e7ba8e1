import { randomUUID } from 'node:crypto';
import { open, type Database, type RootDatabase } from 'lmdb';
import type { LineLog, LineLogStats, LogBounds, LogSlice } from './line-log.ts';

/** One append: its lines stored under the offset of its first, as one UTF-8 value. */
interface Entry {
  offset: number;
  lines: number;
  bytes: number;
  time: number;
}

/** An append waiting for its commit. */
interface Append {
  entry: Entry;
  done: boolean;
  error?: Error;
  resolve: (offset: number) => void;
  reject: (err: Error) => void;
}

/** The index record beside each entry, read back at open: [wall time, lines, bytes]. */
type IndexRecord = [number, number, number];

const NEWLINE = 0x0a;

/**
 * The log in LMDB (the `lmdb` package, whose native build ships in its npm packages): an
 * embedded, crash-safe, memory-mapped store whose writes commit in order on a thread of its
 * own. Each append is one entry keyed by the offset of its first line (bursts of lines, not
 * single lines: a max-speed replay appends hundreds of thousands a second); an index of small
 * records beside it gives each entry's time and size, so opening a full log reads kilobytes,
 * not the gigabyte of lines. The entries' offsets, times and sizes are also kept in memory
 * (a few bytes each), for the bounds and to find where an offset lies.
 *
 * Nothing is readable before it is committed: a consumer never sees a line that a crash could
 * take back, so an offset is never given to two different lines.
 */
export class LmdbLineLog implements LineLog {
  readonly id: string;
  private readonly root: RootDatabase;
  private readonly lines: Database<Buffer, number>;
  private readonly index: Database<IndexRecord, number>;
  private entries: Entry[] = [];
  /** Index in `entries` of the oldest entry still held. */
  private head = 0;
  private bytes = 0;
  private committedEnd: number;
  private nextOffset: number;
  private pending = 0;
  private appends: Append[] = [];
  private trimmed = 0;
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly bounds: LogBounds,
  ) {
    this.root = open({ path: dir, maxDbs: 4, compression: false });
    this.lines = this.root.openDB<Buffer, number>({ name: 'lines', encoding: 'binary', compression: false });
    this.index = this.root.openDB<IndexRecord, number>({ name: 'index' });
    const meta = this.root.openDB<string, string>({ name: 'meta' });
    let id = meta.get('id');
    if (id === undefined) {
      id = randomUUID();
      meta.putSync('id', id);
    }
    this.id = id;
    for (const { key, value } of this.index.getRange({})) {
      const [time, lines, bytes] = value;
      this.entries.push({ offset: key, time, lines, bytes });
      this.bytes += bytes;
    }
    const last = this.entries.at(-1);
    this.committedEnd = this.nextOffset = last ? last.offset + last.lines : 0;
  }

  /** Opens (or creates) the log in `dir`. */
  static open(dir: string, bounds: LogBounds, now: number): LmdbLineLog {
    const log = new LmdbLineLog(dir, bounds);
    log.trim(now);
    return log;
  }

  first(): number {
    return this.entries[this.head]?.offset ?? this.committedEnd;
  }

  end(): number {
    return this.committedEnd;
  }

  uncommittedBytes(): number {
    return this.pending;
  }

  append(text: string, lines: number, now: number, bytes?: Buffer): Promise<number> {
    if (this.closed) return Promise.reject(new Error('the log is closed'));
    const offset = this.nextOffset;
    this.nextOffset += lines;
    const value = bytes ?? Buffer.from(text, 'utf8');
    this.pending += value.length;
    // Both puts go into the same transaction (lmdb batches what is written in one turn).
    const written = this.lines.put(offset, value);
    void this.index.put(offset, [now, lines, value.length]);
    return new Promise<number>((resolve, reject) => {
      const append: Append = {
        entry: { offset, lines, bytes: value.length, time: now },
        done: false,
        resolve,
        reject,
      };
      this.appends.push(append);
      written.then(
        () => {
          append.done = true;
          this.settle(now);
        },
        (err: unknown) => {
          append.error = err instanceof Error ? err : new Error(String(err));
          append.done = true;
          this.settle(now);
        },
      );
    });
  }

  /**
   * Takes in the appends committed so far, oldest first: lmdb may report the commits of one
   * transaction in any order, but a reader must see the log grow without holes.
   */
  private settle(now: number): void {
    while (this.appends.length > 0 && this.appends[0]!.done) {
      const a = this.appends.shift()!;
      this.pending -= a.entry.bytes;
      if (a.error) {
        a.reject(a.error);
        continue;
      }
      this.entries.push(a.entry);
      this.bytes += a.entry.bytes;
      this.committedEnd = a.entry.offset + a.entry.lines;
      a.resolve(a.entry.offset);
    }
    this.trim(now);
  }

  read(from: number, maxBytes: number): LogSlice {
    const start = Math.max(from, this.first());
    if (start >= this.committedEnd) return { from: start, lines: 0, text: '' };
    let i = this.entryAt(start);
    const parts: Buffer[] = [];
    let lines = 0;
    let size = 0;
    let at = start;
    while (i < this.entries.length && (size === 0 || size < maxBytes)) {
      const e = this.entries[i]!;
      const value = this.lines.getBinary(e.offset);
      if (value === undefined) break;
      const skip = at - e.offset;
      const body = skip === 0 ? value : value.subarray(lineStart(value, skip));
      parts.push(body);
      size += body.length;
      lines += e.lines - skip;
      at = e.offset + e.lines;
      i++;
    }
    return { from: start, lines, text: Buffer.concat(parts, size).toString('utf8') };
  }

  stats(): LineLogStats {
    return { first: this.first(), end: this.committedEnd, bytes: this.bytes, trimmed: this.trimmed };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.root.close();
  }

  /** The entry holding `offset` (≥ first, < end): binary search over the held entries. */
  private entryAt(offset: number): number {
    let lo = this.head;
    let hi = this.entries.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.entries[mid]!.offset <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Drops the oldest entries past either bound (never the newest one: a consumer may be reading it). */
  private trim(now: number): void {
    const oldest = now - this.bounds.maxAgeMs;
    while (this.entries.length - this.head > 1) {
      const e = this.entries[this.head]!;
      if (e.time >= oldest && this.bytes <= this.bounds.maxBytes) break;
      this.head++;
      this.bytes -= e.bytes;
      this.trimmed += e.lines;
      void this.lines.remove(e.offset);
      void this.index.remove(e.offset);
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}

/** Byte position where line number `n` (0-based) of `value` begins. */
function lineStart(value: Buffer, n: number): number {
  let pos = 0;
  for (let k = 0; k < n; k++) pos = value.indexOf(NEWLINE, pos) + 1;
  return pos;
}
