/** Default cap on one line: DESIGN §3 drops lines over 1 MiB rather than buffering them. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/** One split result: a line (without its terminator), or a line that was too long and dropped. */
export type SplitItem =
  { kind: 'line'; text: string; line: number } | { kind: 'oversized'; line: number; bytes: number };

export interface LineSplitterOptions {
  /** Longest line kept, in bytes, not counting `\n` or `\r\n`. Default 1 MiB. */
  maxLineBytes?: number;
}

/**
 * Splits a byte stream into UTF-8 lines with a hard memory bound, for
 * recordings and for socket data alike. Push chunks of any size; lines may
 * straddle chunks, and so may a multi-byte character (the split is on the
 * `\n` byte, which never occurs inside a UTF-8 sequence, and each line is
 * decoded whole). Invalid UTF-8 decodes to U+FFFD. A trailing `\r` is
 * stripped, and a byte-order mark at the very start of the stream.
 *
 * At most `maxLineBytes + 1` bytes of an unfinished line are kept between
 * pushes (copied, so a huge chunk is never retained); a longer line is
 * dropped as it streams past, up to its `\n`, and counted in `oversized`.
 */
export class LineSplitter {
  readonly maxLineBytes: number;
  /** Lines dropped for exceeding the cap so far. */
  oversized = 0;
  /** Lines completed so far, dropped ones included: the current line number. */
  lines = 0;
  private parts: Buffer[] = [];
  private partBytes = 0;
  private dropping = false;
  private droppedBytes = 0;
  private atStart = true;

  constructor(options: LineSplitterOptions = {}) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  }

  /** Bytes of the unfinished line held right now (never above maxLineBytes + 1). */
  get bufferedBytes(): number {
    return this.partBytes;
  }

  /** Feeds a chunk; returns the complete lines in it (dropped lines are only counted). */
  push(chunk: Uint8Array): string[] {
    const out: string[] = [];
    this.feed(chunk, (text) => out.push(text));
    return out;
  }

  /** Ends the stream; returns the last line if it had no terminator. */
  end(): string[] {
    const out: string[] = [];
    this.finish((text) => out.push(text));
    return out;
  }

  /** Like push, with line numbers and the dropped lines reported in order. */
  pushItems(chunk: Uint8Array): SplitItem[] {
    const out: SplitItem[] = [];
    this.feed(
      chunk,
      (text, line) => out.push({ kind: 'line', text, line }),
      (line, bytes) => out.push({ kind: 'oversized', line, bytes }),
    );
    return out;
  }

  /** Like end, with line numbers and a dropped last line reported. */
  endItems(): SplitItem[] {
    const out: SplitItem[] = [];
    this.finish(
      (text, line) => out.push({ kind: 'line', text, line }),
      (line, bytes) => out.push({ kind: 'oversized', line, bytes }),
    );
    return out;
  }

  private feed(
    chunk: Uint8Array,
    onLine: (text: string, line: number) => void,
    onOversized?: (line: number, bytes: number) => void,
  ): void {
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let nl = buf.indexOf(LF, start); nl !== -1; nl = buf.indexOf(LF, start)) {
      this.lines++;
      if (this.dropping) {
        this.drop(this.droppedBytes + (nl - start), onOversized);
      } else if (this.partBytes === 0) {
        // Fast path: the whole line is inside this chunk; decode straight from it.
        this.emit(buf, start, nl, onLine, onOversized);
      } else if (this.partBytes + (nl - start) > this.maxLineBytes + 1) {
        // Over the cap already: report it without concatenating.
        const bytes = this.partBytes + (nl - start);
        this.parts = [];
        this.partBytes = 0;
        this.drop(bytes, onOversized);
      } else {
        this.parts.push(buf.subarray(start, nl));
        const whole = Buffer.concat(this.parts, this.partBytes + (nl - start));
        this.parts = [];
        this.partBytes = 0;
        this.emit(whole, 0, whole.length, onLine, onOversized);
      }
      start = nl + 1;
    }
    this.carry(buf, start);
  }

  private finish(
    onLine: (text: string, line: number) => void,
    onOversized?: (line: number, bytes: number) => void,
  ): void {
    if (this.dropping) {
      this.lines++;
      this.drop(this.droppedBytes, onOversized);
    } else if (this.partBytes > 0) {
      this.lines++;
      const whole = Buffer.concat(this.parts, this.partBytes);
      this.parts = [];
      this.partBytes = 0;
      this.emit(whole, 0, whole.length, onLine, onOversized);
    }
  }

  /** Keeps the unfinished tail of a chunk, or starts dropping once it exceeds the cap. */
  private carry(buf: Buffer, start: number): void {
    const len = buf.length - start;
    if (len === 0) return;
    if (this.dropping) {
      this.droppedBytes += len;
      return;
    }
    // +1: room for the `\r` of a CRLF line that is exactly maxLineBytes long.
    if (this.partBytes + len > this.maxLineBytes + 1) {
      this.dropping = true;
      this.droppedBytes = this.partBytes + len;
      this.parts = [];
      this.partBytes = 0;
      return;
    }
    // A copy, so that the caller's (possibly huge) chunk is not kept alive by a slice of it.
    this.parts.push(Buffer.from(buf.subarray(start)));
    this.partBytes += len;
  }

  private emit(
    buf: Buffer,
    start: number,
    end: number,
    onLine: (text: string, line: number) => void,
    onOversized?: (line: number, bytes: number) => void,
  ): void {
    const stop = end > start && buf[end - 1] === CR ? end - 1 : end;
    if (stop - start > this.maxLineBytes) {
      this.oversized++;
      onOversized?.(this.lines, end - start);
      this.atStart = false;
      return;
    }
    let text = buf.toString('utf8', start, stop);
    if (this.atStart) {
      this.atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    onLine(text, this.lines);
  }

  private drop(bytes: number, onOversized?: (line: number, bytes: number) => void): void {
    this.dropping = false;
    this.droppedBytes = 0;
    this.atStart = false;
    this.oversized++;
    onOversized?.(this.lines, bytes);
  }
}

/**
 * Splits an async stream of bytes (a Readable, a socket, a decompressor)
 * into lines with LineSplitter's memory bound. Strings are taken as UTF-8.
 */
export async function* splitLines(
  source: AsyncIterable<Uint8Array | string>,
  options: LineSplitterOptions = {},
): AsyncGenerator<SplitItem> {
  const splitter = new LineSplitter(options);
  for await (const chunk of source) {
    yield* splitter.pushItems(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  }
  yield* splitter.endItems();
}
