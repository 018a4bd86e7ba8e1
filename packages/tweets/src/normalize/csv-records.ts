/** One event of the CSV tokenizer; `line` is the 1-based line the record starts on. */
export type CsvRecordEvent =
  | { kind: 'record'; fields: string[]; line: number }
  | { kind: 'oversized'; line: number; chars: number }
  | { kind: 'unterminated'; line: number };

/** Default cap on one record, in UTF-16 code units, matching the 1 MiB line cap of the line readers. */
export const DEFAULT_MAX_RECORD_CHARS = 1024 * 1024;

// Tokenizer states (plain constants rather than an enum: type-stripping runtimes reject enums).
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** Saw `"` inside a quoted field: either `""` (a literal quote) or the closing quote. */
const QUOTE_IN_QUOTED = 3;
type State = typeof FIELD_START | typeof UNQUOTED | typeof QUOTED | typeof QUOTE_IN_QUOTED;

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * A streaming RFC 4180 tokenizer: push text in chunks of any size (a record,
 * a quoted field, even a `""` pair may straddle chunks), get whole records.
 * Quoted fields may hold commas, `""` and line breaks. Records end at LF;
 * a CR outside quotes is dropped, so CRLF files read the same. Lenient where
 * real exports are sloppy: characters after a closing quote are kept, a quote
 * inside an unquoted field is literal.
 *
 * Memory is bounded: a record longer than `maxRecordChars` (delimiters
 * included) is not stored; its end is still tracked and it is reported as
 * `oversized`. A quote left open at the end of input is `unterminated`.
 */
export class CsvRecordParser {
  readonly maxRecordChars: number;
  private state: State = FIELD_START;
  private fields: string[] = [];
  private field = '';
  private recordChars = 0;
  private discarding = false;
  private line = 1;
  private recordLine = 1;
  private started = false;

  constructor(options: { maxRecordChars?: number } = {}) {
    this.maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  }

  /** Feeds the next piece of text; returns the records it completed. */
  push(chunk: string): CsvRecordEvent[] {
    const out: CsvRecordEvent[] = [];
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const n = text.length;
    let i = 0;
    while (i < n) {
      switch (this.state) {
        case FIELD_START:
          if (text.charCodeAt(i) === QUOTE) {
            this.state = QUOTED;
            this.count(1);
            i++;
          } else {
            this.state = UNQUOTED;
          }
          break;
        case UNQUOTED: {
          let j = i;
          while (j < n) {
            const c = text.charCodeAt(j);
            if (c === COMMA || c === LF || c === CR) break;
            j++;
          }
          this.append(text, i, j);
          if (j === n) {
            i = n;
            break;
          }
          const c = text.charCodeAt(j);
          if (c === COMMA) {
            this.endField();
            this.count(1);
            this.state = FIELD_START;
          } else if (c === LF) {
            this.endField();
            this.endRecord(out);
            this.line++;
            this.recordLine = this.line;
            this.state = FIELD_START;
          }
          i = j + 1;
          break;
        }
        case QUOTED: {
          const q = text.indexOf('"', i);
          const end = q === -1 ? n : q;
          for (let k = text.indexOf('\n', i); k !== -1 && k < end; k = text.indexOf('\n', k + 1)) this.line++;
          this.append(text, i, end);
          if (q === -1) {
            i = n;
          } else {
            this.state = QUOTE_IN_QUOTED;
            i = q + 1;
          }
          break;
        }
        case QUOTE_IN_QUOTED:
          if (text.charCodeAt(i) === QUOTE) {
            this.append('"', 0, 1);
            this.state = QUOTED;
            i++;
          } else {
            this.state = UNQUOTED;
          }
          break;
      }
    }
    return out;
  }

  /** Ends the input; returns the last record, if the text did not end with a line break. */
  end(): CsvRecordEvent[] {
    const out: CsvRecordEvent[] = [];
    if (this.state === QUOTED) {
      out.push({ kind: 'unterminated', line: this.recordLine });
    } else if (this.state !== FIELD_START || this.fields.length > 0) {
      this.endField();
      this.endRecord(out);
    }
    this.reset();
    return out;
  }

  private append(text: string, from: number, to: number): void {
    if (to <= from) return;
    this.count(to - from);
    if (!this.discarding) this.field += from === 0 && to === text.length ? text : text.slice(from, to);
  }

  private count(chars: number): void {
    this.recordChars += chars;
    if (!this.discarding && this.recordChars > this.maxRecordChars) {
      this.discarding = true;
      this.fields = [];
      this.field = '';
    }
  }

  private endField(): void {
    if (!this.discarding) this.fields.push(this.field);
    this.field = '';
  }

  private endRecord(out: CsvRecordEvent[]): void {
    if (this.discarding) out.push({ kind: 'oversized', line: this.recordLine, chars: this.recordChars });
    else out.push({ kind: 'record', fields: this.fields, line: this.recordLine });
    this.reset();
  }

  private reset(): void {
    this.state = FIELD_START;
    this.fields = [];
    this.field = '';
    this.recordChars = 0;
    this.discarding = false;
  }
}
