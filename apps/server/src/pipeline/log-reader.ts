import type { ResumeRequest } from '@tagstream/protocol';

/** Where a reader stands in the ingestor's log: the offset of the next line it needs, in which log. */
export interface LogPosition {
  log: string;
  next: number;
}

/** What the reader learns besides the lines: news for the owner's logs, stats and status. */
export interface LogReaderEvents {
  /** Lines that left the log before we read them (an outage longer than its bounds): counted, never silent. */
  lost?(lines: number, at: { from: number; to: number }): void;
  /** The source answered from another log than the one our position belongs to. */
  logChanged?(previous: string, now: string): void;
  /** The source knows nothing of offsets (or ignored the request): its lines are read as they come. */
  plain?(): void;
  /** The source refused us (too many consumers), saying why. */
  refused?(reason: string): void;
}

/** What to do with a line. */
export type LineVerdict = 'feed' | 'skip' | 'control';

const OFFSET_PREFIX = '{"offset":';
const REFUSED_PREFIX = '{"refused":';
const OFFSET_BYTES = Buffer.from(OFFSET_PREFIX);
const LF = 0x0a;
const REFUSED_BYTES = Buffer.from(REFUSED_PREFIX);

/**
 * The core's side of reading the ingestor's log by offset (DESIGN.md §3, §8), pure: the request
 * to send on connecting, and what each received line is. The ingestor answers a request with an
 * offset line before any other line, or never (a plain source, such as `nc -lk`): so the first
 * line tells which one we talk to. With offsets, every line has a known offset (an offset line
 * before each run of lines gives the first): lines below our position were counted already and
 * are skipped by offset; a jump past our position is a gap, counted as lost.
 */
export class LogReader {
  /** Lines skipped because their offset was below our position (re-sent, never counted twice). */
  skipped = 0;
  /** Lines lost to gaps since start. */
  lost = 0;
  private pos: LogPosition | null;
  private state: 'waiting' | 'offsets' | 'plain' = 'plain';
  private asked: ResumeRequest | null = null;
  /** The offset of the next line to arrive. */
  private next = 0;

  constructor(
    private readonly events: LogReaderEvents = {},
    from: LogPosition | null = null,
  ) {
    this.pos = from;
  }

  /** Our position in the log (null: none known, as with a plain source): checkpointed with the state it belongs to. */
  get position(): LogPosition | null {
    return this.pos === null ? null : { ...this.pos };
  }

  /** Resumes from a checkpoint's position (before connecting). */
  resumeFrom(position: LogPosition | null): void {
    this.pos = position === null ? null : { ...position };
  }

  /** True while lines come with offsets. */
  get readingOffsets(): boolean {
    return this.state === 'offsets';
  }

  /** A new connection: the request to send first (from our position, or the start of the stream). */
  connected(): ResumeRequest {
    this.asked = this.pos ? { from: this.pos.next, log: this.pos.log } : { from: 'stream' };
    this.state = 'waiting';
    return this.asked;
  }

  /** A connection that sends no request: every line is read as it comes. */
  connectedPlain(): void {
    this.asked = null;
    this.state = 'plain';
  }

  /** What `line` is: a line to count, one to skip (counted already), or the protocol's own. */
  line(line: string): LineVerdict {
    if (line.startsWith(REFUSED_PREFIX)) {
      const reason = readJson<{ refused?: unknown }>(line)?.refused;
      if (typeof reason === 'string') {
        this.events.refused?.(reason);
        return 'control';
      }
    }
    if (this.state === 'waiting') {
      const answer = line.startsWith(OFFSET_PREFIX)
        ? readJson<{ offset?: unknown; log?: unknown }>(line)
        : null;
      if (answer && Number.isInteger(answer.offset) && typeof answer.log === 'string') {
        this.answered(answer.offset as number, answer.log);
        return 'control';
      }
      this.state = 'plain';
      this.pos = null;
      this.events.plain?.();
    }
    if (this.state === 'plain') return 'feed';
    if (line.startsWith(OFFSET_PREFIX)) {
      const offset = readJson<{ offset?: unknown }>(line)?.offset;
      if (Number.isInteger(offset)) {
        this.moveTo(offset as number);
        return 'control';
      }
    }
    return this.take();
  }

  /**
   * For a reader of bytes (`LineGate`): how far from `start` the lines of `buf[start, end)` are fed
   * as they come, so that none is decoded or looked at: up to the first line that may be one of
   * the protocol's own (with offsets, an offset line; from a plain source, a refusal), and with
   * offsets only while no line can lie below our position. A match inside a line only ends the run
   * early.
   */
  passesUntil(buf: Buffer, start: number, end: number): number {
    if (this.state === 'waiting') return start;
    if (this.state === 'offsets' && this.next < this.pos!.next) return start;
    // A source that answered with offsets has accepted us: it refuses a consumer before that.
    const at = foundBefore(buf, this.state === 'offsets' ? OFFSET_BYTES : REFUSED_BYTES, start, end);
    return at === end ? end : Math.max(start, buf.lastIndexOf(LF, at) + 1);
  }

  /** `count` lines of a run `passesUntil` let through were read: with offsets, each had the next one. */
  passed(count: number): void {
    if (this.state !== 'offsets') return;
    this.next += count;
    this.pos!.next = this.next;
  }

  /**
   * `line` for the bytes `buf[start, end)` of a line, fed or not: decoded only when it may be
   * one of the protocol's own, since any other line is read the same whatever it holds.
   */
  admits(buf: Buffer, start: number, end: number): boolean {
    // A tweet line starts `{"id"` or `{"data"`: only one starting `{"o` or `{"r` is compared
    // (a native call per line costs more than the rest of this check).
    const third = end - start > 2 && buf[start] === 0x7b && buf[start + 1] === 0x22 ? buf[start + 2] : 0;
    const own =
      (third === 0x6f && startsWith(buf, start, end, OFFSET_BYTES)) ||
      (third === 0x72 && startsWith(buf, start, end, REFUSED_BYTES));
    return this.line(own ? buf.toString('utf8', start, end) : '') === 'feed';
  }

  /** A line the splitter dropped (over the byte cap) had its offset too. */
  dropped(): void {
    if (this.state === 'offsets') this.take();
  }

  private answered(offset: number, log: string): void {
    const asked = this.asked;
    this.state = 'offsets';
    if (this.pos !== null && asked !== null && asked.log !== undefined && asked.log !== log) {
      this.events.logChanged?.(asked.log, log);
      this.pos = { log, next: offset };
    } else if (this.pos === null) {
      this.pos = { log, next: offset };
    }
    this.next = offset;
    this.moveTo(offset);
  }

  /** An offset line: the next line has `offset`; past our position, the lines between were lost. */
  private moveTo(offset: number): void {
    const pos = this.pos!;
    if (offset > pos.next) {
      const gap = { from: pos.next, to: offset };
      this.lost += offset - pos.next;
      pos.next = offset;
      this.events.lost?.(gap.to - gap.from, gap);
    }
    this.next = offset;
  }

  private take(): LineVerdict {
    const pos = this.pos!;
    const offset = this.next++;
    if (offset < pos.next) {
      this.skipped++;
      return 'skip';
    }
    pos.next = offset + 1;
    return 'feed';
  }
}

function readJson<T>(line: string): T | null {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null ? (v as T) : null;
  } catch {
    return null;
  }
}

/** Where `needle` first starts in `buf[start, end)`, or `end`. */
function foundBefore(buf: Buffer, needle: Buffer, start: number, end: number): number {
  if (end <= start) return end;
  const at = buf.indexOf(needle, start);
  return at < 0 || at >= end ? end : at;
}

function startsWith(buf: Buffer, start: number, end: number, prefix: Buffer): boolean {
  return (
    end - start >= prefix.length && buf.compare(prefix, 0, prefix.length, start, start + prefix.length) === 0
  );
}
