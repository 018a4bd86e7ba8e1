import type { Tweet } from '../tweet.ts';
import { buildTweet } from './build-tweet.ts';
import { CsvRecordParser, type CsvRecordEvent } from './csv-records.ts';
import { eventTime } from './event-time.ts';
import { normalizeId } from './ids.ts';

/** What one CSV record amounts to; `line` is the 1-based line the record starts on. */
export type CsvRowResult =
  | { kind: 'tweet'; tweet: Tweet; line: number }
  | { kind: 'skip'; line: number; reason: string }
  | { kind: 'malformed'; line: number; reason: string }
  | { kind: 'oversized'; line: number; chars: number };

/** The CSV's header is unusable (no `text` column, or no header at all); names the columns it found. */
export class CsvHeaderError extends Error {
  override readonly name = 'CsvHeaderError';
  constructor(
    message: string,
    /** The header's column names as written. */
    readonly columns: string[],
  ) {
    super(message);
  }
}

/** A streaming CSV-of-tweets reader: push decoded text in chunks, get one result per data row. */
export interface CsvTweetParser {
  /** Feeds text; throws CsvHeaderError once the header is complete and unusable. */
  push(text: string): CsvRowResult[];
  /** Ends the input and returns the last row's result, if any. */
  end(): CsvRowResult[];
  /** The header's column names, once read. */
  readonly columns: readonly string[] | undefined;
}

// Column names as real exports spell them (twarc2 csv, tweepy dumps,
// spreadsheets), matched case-insensitively; the first name present wins.
const TEXT = ['text', 'full_text'];
const CREATED_AT = ['created_at', 'created at', 'date'];
const ID = ['id', 'id_str', 'tweet_id'];
const AUTHOR = [
  'author',
  'author.username',
  'username',
  'screen_name',
  'user.screen_name',
  'user_screen_name',
];
const LANG = ['lang', 'language'];
const RT_FLAG = ['rt', 'retweet', 'is_retweet'];
const RT_ID = ['referenced_tweets.retweeted.id', 'retweeted_status.id_str'];
const TRUE = new Set(['true', 't', '1', 'yes', 'y']);

interface Columns {
  count: number;
  text: number;
  createdAt: number;
  id: number;
  author: number;
  lang: number;
  rtFlag: number;
  rtId: number;
}

/**
 * Creates a streaming parser for a CSV of tweets (RFC 4180: quoted fields
 * with commas, `""` and line breaks; CRLF or LF). The first non-blank record
 * is the header; it needs a `text` column (or `full_text`), matched
 * case-insensitively, and may have `created_at`, `id`, `author` and `lang`
 * (plus the spellings twarc2 csv uses, such as `author.username` and
 * `referenced_tweets.retweeted.id`). Rows become tweets; a row whose field
 * count differs from the header's is malformed (a quoting mistake that
 * shifted the columns), a row with empty text is skipped. Ids follow DESIGN
 * §4: a spreadsheet's `5.70306E+17` is no id.
 *
 * The tokenizer is our own (`CsvRecordParser`) rather than csv-parse, for two
 * measured reasons (`npm run bench -- --only csv`, the demo recording written
 * as CSV): it drops a record over the cap as it streams past and reads on,
 * where csv-parse either stops reading at its `max_record_size` (0 of the
 * 1,000 rows after the record) or holds the record whole without it; and it
 * reads the same rows about 3× faster per CPU second (csv-parse pays for line
 * numbers, which every malformed or skipped row is reported with).
 */
export function createCsvParser(options: { maxRecordChars?: number } = {}): CsvTweetParser {
  const records = new CsvRecordParser(options);
  const rows = createCsvRowReader();
  return {
    push: (text) => rows.read(records.push(text)),
    end: () => rows.read(records.end()),
    get columns() {
      return rows.columns;
    },
  };
}

/** Turns CSV records into tweet rows: the header first, then one result per data record. */
export interface CsvRowReader {
  /** Reads records in order; throws CsvHeaderError once the header is read and unusable. */
  read(events: readonly CsvRecordEvent[]): CsvRowResult[];
  /** The header's column names, once read. */
  readonly columns: readonly string[] | undefined;
}

/** The rows of a CSV of tweets from its records, whichever tokenizer split them (see createCsvParser). */
export function createCsvRowReader(): CsvRowReader {
  let header: string[] | undefined;
  let columns: Columns | undefined;
  return {
    read(events) {
      const out: CsvRowResult[] = [];
      for (const event of events) {
        if (columns === undefined) {
          if (event.kind === 'record' && isBlank(event.fields)) continue;
          if (event.kind !== 'record') {
            throw new CsvHeaderError(`CSV header on line ${event.line} is ${describe(event)}`, []);
          }
          header = event.fields.map((name) => name.trim());
          columns = findColumns(header);
          continue;
        }
        out.push(toRow(event, columns));
      }
      return out;
    },
    get columns() {
      return header;
    },
  };
}

function findColumns(header: string[]): Columns {
  const lower = header.map((name) => name.toLowerCase());
  const find = (names: string[]): number => {
    for (const name of names) {
      const i = lower.indexOf(name);
      if (i >= 0) return i;
    }
    return -1;
  };
  const text = find(TEXT);
  if (text < 0) {
    const found = header.length === 0 ? 'none' : header.map((name) => JSON.stringify(name)).join(', ');
    throw new CsvHeaderError(`CSV has no "text" column (columns found: ${found})`, header);
  }
  return {
    count: header.length,
    text,
    createdAt: find(CREATED_AT),
    id: find(ID),
    author: find(AUTHOR),
    lang: find(LANG),
    rtFlag: find(RT_FLAG),
    rtId: find(RT_ID),
  };
}

function toRow(event: CsvRecordEvent, columns: Columns): CsvRowResult {
  if (event.kind === 'oversized') return event;
  if (event.kind === 'unterminated') {
    return {
      kind: 'malformed',
      line: event.line,
      reason: 'quoted field never closed before the end of the file',
    };
  }
  const { fields, line } = event;
  if (isBlank(fields)) return { kind: 'skip', line, reason: 'blank row' };
  if (fields.length !== columns.count) {
    return {
      kind: 'malformed',
      line,
      reason: `row has ${fields.length} fields, the header has ${columns.count}`,
    };
  }
  const at = (i: number): string => (i < 0 ? '' : (fields[i] ?? '').trim());
  const text = fields[columns.text] ?? '';
  if (text.trim() === '') return { kind: 'skip', line, reason: 'empty text' };
  const id = normalizeId(at(columns.id));
  const author = at(columns.author).replace(/^@/, '');
  const tweet = buildTweet(
    id,
    eventTime(at(columns.createdAt), id),
    text,
    TRUE.has(at(columns.rtFlag).toLowerCase()) || at(columns.rtId) !== '',
    author === '' ? null : author,
    at(columns.lang) || null,
    undefined,
  );
  return { kind: 'tweet', tweet, line };
}

function isBlank(fields: string[]): boolean {
  return fields.length === 1 && (fields[0] ?? '').trim() === '';
}

function describe(event: Exclude<CsvRecordEvent, { kind: 'record' }>): string {
  return event.kind === 'oversized'
    ? `longer than the record limit (${event.chars} characters)`
    : 'an unterminated quoted field';
}
