import type { LineMode } from '@tagstream/tweets';
import { feedBytes, MAX_LINE_BYTES } from './byte-input.ts';
import type { LineTarget, LineTally } from './line-input.ts';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Decides which lines of a stream are counted, for a source that mixes its own lines with the
 * tweets (the ingestor's log read by offset, DESIGN.md §3: offset lines, lines re-sent below our
 * position). Asked about every line, in order, unless it lets a whole run of lines through.
 */
export interface LineGate {
  /**
   * How far from `start` (a line's start) every line is counted as it is, without asking line by
   * line: the start of the first line of `buf[start, end)` that must be asked about, `end` when
   * none, `start` when the next line must be.
   */
  passesUntil(buf: Buffer, start: number, end: number): number;
  /** The lines of a run `passesUntil` let through, `lines` of them, were read. */
  passed(lines: number): void;
  /** Whether the line `buf[start, end)` (without its terminator) is counted. */
  admits(buf: Buffer, start: number, end: number): boolean;
  /** A line over the byte cap was dropped (counted malformed): it was a line of the stream all the same. */
  dropped(): void;
}

/**
 * Feeds a byte stream (file or socket chunks of any size) to a session, line by line (`feedBytes`), with
 * the line splitter's rules (`LineSplitter`): lines end at `\n`, a `\r` before it is dropped, a
 * byte-order mark at the very start is skipped, and a line longer than `maxLineBytes` is dropped
 * as it streams past and counted malformed. The complete lines of each chunk are read in place;
 * only a line cut by a chunk's end is copied (at most `maxLineBytes + 1` bytes of it are held).
 */
export class ByteLineReader {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private dropping = false;
  private atStart = true;

  constructor(
    private readonly target: LineTarget,
    private readonly tally: LineTally,
    private readonly options: { mode?: LineMode; maxLineBytes?: number; gate?: LineGate } = {},
  ) {}

  private get maxLineBytes(): number {
    return this.options.maxLineBytes ?? MAX_LINE_BYTES;
  }

  /** Reads the complete lines of `chunk` (and the one a previous chunk left open). */
  push(chunk: Buffer): void {
    let start = 0;
    if (this.partBytes > 0 || this.dropping) {
      const nl = chunk.indexOf(LF);
      if (nl < 0) {
        this.carry(chunk, 0);
        return;
      }
      if (this.dropping || this.partBytes + nl > this.maxLineBytes + 1) {
        this.dropLine();
      } else {
        this.parts.push(chunk.subarray(0, nl + 1));
        const line = Buffer.concat(this.parts, this.partBytes + nl + 1);
        this.parts = [];
        this.partBytes = 0;
        this.feed(line, 0, line.length);
      }
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(LF);
    if (last >= start) {
      this.feed(chunk, start, last + 1);
      start = last + 1;
    }
    this.carry(chunk, start);
  }

  /** The stream is over: reads a last line that had no `\n`. */
  end(): void {
    if (this.dropping) {
      this.dropLine();
    } else if (this.partBytes > 0) {
      const line = Buffer.concat(this.parts, this.partBytes);
      this.parts = [];
      this.partBytes = 0;
      this.feed(line, 0, line.length);
    }
  }

  private feed(buf: Buffer, start: number, end: number): void {
    if (this.atStart) {
      this.atStart = false;
      if (buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3;
    }
    const gate = this.options.gate;
    if (gate === undefined) {
      this.feedRun(buf, start, end);
      return;
    }
    const tally = this.tally;
    let pos = start;
    while (pos < end) {
      const until = gate.passesUntil(buf, pos, end);
      if (until > pos) {
        const before = tally.lines + tally.oversized;
        this.feedRun(buf, pos, until);
        gate.passed(tally.lines + tally.oversized - before);
        pos = until;
        continue;
      }
      const nl = buf.indexOf(LF, pos);
      const next = nl < 0 || nl >= end ? end : nl + 1;
      let stop = next;
      if (stop > pos && buf[stop - 1] === LF) stop--;
      if (stop > pos && buf[stop - 1] === CR) stop--;
      if (stop - pos > this.maxLineBytes) gate.dropped();
      if (stop - pos > this.maxLineBytes || gate.admits(buf, pos, stop)) this.feedRun(buf, pos, next);
      pos = next;
    }
  }

  private feedRun(buf: Buffer, start: number, end: number): void {
    feedBytes(this.target, buf, start, end, this.tally, this.options.mode ?? 'auto', this.maxLineBytes);
  }

  /** Keeps the open end of a chunk for the next one (a copy: the chunk may be reused), or starts dropping it. */
  private carry(chunk: Buffer, start: number): void {
    const length = chunk.length - start;
    if (length === 0 || this.dropping) return;
    if (this.partBytes + length > this.maxLineBytes + 1) {
      this.dropping = true;
      this.parts = [];
      this.partBytes = 0;
      return;
    }
    this.parts.push(Buffer.from(chunk.subarray(start)));
    this.partBytes += length;
  }

  private dropLine(): void {
    this.options.gate?.dropped();
    this.dropping = false;
    this.atStart = false;
    this.parts = [];
    this.partBytes = 0;
    this.tally.oversized++;
    this.target.malformed();
  }
}
