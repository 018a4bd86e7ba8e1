import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { readRecording } from '@tagstream/recordings';
import {
  createCsvParser,
  createCsvRowReader,
  type CsvRecordEvent,
  type CsvRowResult,
  type Tweet,
} from '@tagstream/tweets';
import { parse as parseStream, type Options as CsvParseOptions } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { cpuSeconds, median, round } from './measure.ts';

const DEMO = fileURLToPath(new URL('../samples/demo.jsonl.gz', import.meta.url));

/** Read size of the recording reader (packages/recordings/src/open-recording.ts). */
const CHUNK_BYTES = 64 * 1024;
const CAP = 1024 * 1024;

export type CsvLayout = 'spreadsheet' | 'twarc2';

export interface CsvLayoutFigures {
  layout: CsvLayout;
  rows: number;
  columns: number;
  bytesPerRow: number;
  /** Ours: the hand-written streaming tokenizer (`createCsvParser`), rows per CPU second. */
  oursPerSec: number;
  /** csv-parse's Node stream (what a recording reader would use), the same rows from its records. */
  csvParseStreamPerSec: number;
  /** csv-parse's synchronous API on the whole file at once (not streaming). */
  csvParseSyncPerSec: number;
  /**
   * The same without `info` (its best case): no line numbers, which the recording reader
   * reports for every malformed or skipped row, so not a replacement as it stands.
   */
  csvParseSyncNoLinesPerSec: number;
  /** csv-parse's throughput ÷ ours (below 1: csv-parse is slower), stream and sync. */
  streamRatio: number;
  syncRatio: number;
  /** Whether csv-parse gave the same tweets, skips and malformed rows as ours (line numbers aside). */
  sameRows: boolean;
}

export interface CsvCapFigures {
  /** Tweets after a 2 MiB record (cap 1 MiB) in a file of 1,002 rows. */
  oursTweetsAfter: number;
  /** csv-parse with `max_record_size` and `skip_records_with_error`: tweets after it. */
  csvParseCappedTweetsAfter: number;
  /** csv-parse without a cap: the longest field it held in memory, in MiB. */
  csvParseUncappedHeldMiB: number;
}

export interface CsvFigures {
  layouts: CsvLayoutFigures[];
  cap: CsvCapFigures;
}

/** The closest csv-parse comes to our reader: BOM, lenient quotes, ragged rows kept, blank lines kept. */
const CSV_PARSE: CsvParseOptions = {
  bom: true,
  relax_quotes: true,
  relax_column_count: true,
  skip_empty_lines: false,
  record_delimiter: ['\r\n', '\n'],
  info: true,
};

interface InfoRecord {
  record: string[];
  info: { lines: number };
}

/**
 * The bundled demo recording (samples/demo.jsonl.gz, X API v2 stream lines) written as CSV
 * recordings the way people bring them: a spreadsheet export (five columns, CRLF, ids as a
 * spreadsheet mangles some of them) and `twarc2 csv` output (many columns, entities as JSON in
 * cells). `copies` repeats the tweets with fresh ids.
 */
async function csvRecordings(copies: number): Promise<Record<CsvLayout, { text: string; columns: number }>> {
  const tweets: Tweet[] = [];
  for await (const event of readRecording(DEMO)) if (event.kind === 'tweet') tweets.push(event.tweet);
  const spreadsheet = ['id,created_at,author,text,lang'];
  const twarcHeader = [
    'id',
    'conversation_id',
    'referenced_tweets.replied_to.id',
    'referenced_tweets.retweeted.id',
    'referenced_tweets.quoted.id',
    'author_id',
    'in_reply_to_user_id',
    'created_at',
    'text',
    'lang',
    'source',
    'public_metrics.like_count',
    'public_metrics.quote_count',
    'public_metrics.reply_count',
    'public_metrics.retweet_count',
    'reply_settings',
    'possibly_sensitive',
    'entities.hashtags',
    'entities.mentions',
    'entities.urls',
    'author.id',
    'author.username',
    'author.name',
    'author.verified',
    'author.public_metrics.followers_count',
    'geo.place_id',
    '__twarc.retrieved_at',
    '__twarc.url',
    '__twarc.version',
  ];
  const twarc = [twarcHeader.join(',')];
  for (let copy = 0; copy < copies; copy++) {
    for (let i = 0; i < tweets.length; i++) {
      const t = tweets[i]!;
      const id = t.id === null ? '' : `${copy}${t.id.slice(1)}`;
      const time = t.time === null ? '' : new Date(t.time).toISOString();
      // A spreadsheet shows long ids in scientific notation, and saves them so.
      const sheetId = i % 10 === 3 ? `${id[0]}.${id.slice(1, 6)}E+${id.length - 1}` : id;
      spreadsheet.push(
        [sheetId, time.replace('T', ' ').slice(0, 19), t.author ?? '', t.text, t.lang ?? '']
          .map(cell)
          .join(','),
      );
      const tags = JSON.stringify((t.hashtags ?? []).map((tag) => ({ start: 0, end: tag.length + 1, tag })));
      twarc.push(
        [
          id,
          id,
          '',
          t.retweet ? `${copy}1${i}` : '',
          '',
          `${1_000_000 + (i % 5000)}`,
          '',
          time,
          t.text,
          t.lang ?? '',
          'Twitter Web App',
          `${i % 97}`,
          '0',
          `${i % 7}`,
          `${i % 13}`,
          'everyone',
          'False',
          tags,
          '[]',
          '',
          `${1_000_000 + (i % 5000)}`,
          t.author ?? '',
          `Name ${i % 5000}, the "real" one`,
          'False',
          `${i % 10_000}`,
          '',
          '2026-11-01T19:00:00+00:00',
          'https://api.twitter.com/2/tweets/search/recent',
          '2.14.0',
        ]
          .map(cell)
          .join(','),
      );
    }
  }
  return {
    spreadsheet: { text: spreadsheet.join('\r\n') + '\r\n', columns: 5 },
    twarc2: { text: twarc.join('\n') + '\n', columns: twarcHeader.length },
  };
}

function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function chunksOf(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK_BYTES) out.push(bytes.subarray(i, i + CHUNK_BYTES));
  return out;
}

/** Ours, as packages/recordings/src/read-csv.ts reads a file: streaming UTF-8 decode, then the tokenizer. */
function ours(chunks: Buffer[]): CsvRowResult[] {
  const decoder = new TextDecoder('utf-8');
  const parser = createCsvParser({ maxRecordChars: CAP });
  const rows: CsvRowResult[] = [];
  for (const chunk of chunks)
    for (const row of parser.push(decoder.decode(chunk, { stream: true }))) rows.push(row);
  for (const row of [...parser.push(decoder.decode()), ...parser.end()]) rows.push(row);
  return rows;
}

function event(r: InfoRecord): CsvRecordEvent {
  return { kind: 'record', fields: r.record, line: r.info.lines };
}

/** csv-parse as a recording reader would use it: bytes streamed in, records iterated, the same rows out. */
async function csvParseStream(chunks: Buffer[]): Promise<CsvRowResult[]> {
  const reader = createCsvRowReader();
  const rows: CsvRowResult[] = [];
  for await (const r of Readable.from(chunks).pipe(parseStream(CSV_PARSE)) as AsyncIterable<InfoRecord>) {
    for (const row of reader.read([event(r)])) rows.push(row);
  }
  return rows;
}

function csvParseSync(bytes: Buffer): CsvRowResult[] {
  const records = parseSync(bytes, CSV_PARSE) as unknown as InfoRecord[];
  return createCsvRowReader().read(records.map(event));
}

function csvParseSyncNoLines(bytes: Buffer): CsvRowResult[] {
  const records = parseSync(bytes, { ...CSV_PARSE, info: false }) as unknown as string[][];
  return createCsvRowReader().read(records.map((fields) => ({ kind: 'record', fields, line: 0 })));
}

/** What a reader of the rows sees, line numbers aside (csv-parse counts a quoted CRLF as two lines). */
function shown(rows: CsvRowResult[]): string {
  return JSON.stringify(rows.map((r) => (r.kind === 'tweet' ? r.tweet : { kind: r.kind })));
}

/**
 * Our CSV tokenizer against csv-parse on CSV recordings made from the bundled demo recording,
 * interleaved round by round on CPU time; then what each does with a record over the cap.
 */
export async function benchCsv(opts: { copies: number; rounds: number }): Promise<CsvFigures> {
  const files = await csvRecordings(opts.copies);
  const layouts: CsvLayoutFigures[] = [];
  for (const layout of ['spreadsheet', 'twarc2'] as const) {
    const bytes = Buffer.from(files[layout].text);
    const chunks = chunksOf(bytes);
    const reference = ours(chunks);
    const rows = reference.length;
    const sameRows =
      shown(reference) === shown(await csvParseStream(chunks)) &&
      shown(reference) === shown(csvParseSync(bytes)) &&
      shown(reference) === shown(csvParseSyncNoLines(bytes));
    const contenders: Record<string, () => Promise<unknown>> = {
      ours: async () => ours(chunks),
      stream: () => csvParseStream(chunks),
      sync: async () => csvParseSync(bytes),
      syncNoLines: async () => csvParseSyncNoLines(bytes),
    };
    const cpu: Record<string, number[]> = { ours: [], stream: [], sync: [], syncNoLines: [] };
    for (let round = 0; round < opts.rounds; round++) {
      for (const [name, run] of Object.entries(contenders)) {
        const c0 = cpuSeconds();
        const out = (await run()) as CsvRowResult[];
        cpu[name]!.push(cpuSeconds() - c0);
        if (out.length !== rows) throw new Error(`${name} read ${out.length} of ${rows} ${layout} rows`);
      }
    }
    const perSec = (name: string): number => Math.round(rows / median(cpu[name]!));
    layouts.push({
      layout,
      rows,
      columns: files[layout].columns,
      bytesPerRow: Math.round(bytes.length / rows),
      oursPerSec: perSec('ours'),
      csvParseStreamPerSec: perSec('stream'),
      csvParseSyncPerSec: perSec('sync'),
      csvParseSyncNoLinesPerSec: perSec('syncNoLines'),
      streamRatio: round(median(cpu.ours!) / median(cpu.stream!), 2),
      syncRatio: round(median(cpu.ours!) / median(cpu.sync!), 2),
      sameRows,
    });
  }
  return { layouts, cap: await capBehaviour() };
}

/** A file whose second record is 2 MiB (a text pasted whole, or a quote left open for a while). */
async function capBehaviour(): Promise<CsvCapFigures> {
  const after = Array.from({ length: 1000 }, (_, i) => `${i + 3},after #${i}`).join('\n');
  const text = `id,text\n1,before #a\n2,"${'y'.repeat(2 * CAP)}"\n${after}\n`;
  const chunks = chunksOf(Buffer.from(text));
  const tweetsAfter = (rows: CsvRowResult[]): number =>
    rows.filter((r) => r.kind === 'tweet' && Number(r.tweet.id) > 2).length;

  const capped: InfoRecord[] = [];
  const parser = Readable.from(chunks).pipe(
    parseStream({ ...CSV_PARSE, max_record_size: CAP, skip_records_with_error: true }),
  );
  // Bounded: csv-parse reports the same oversized record again for every chunk that follows.
  await new Promise<void>((resolve) => {
    parser
      .on('data', (r: InfoRecord) => capped.push(r))
      .on('end', resolve)
      .on('error', () => resolve());
  });
  let held = 0;
  for await (const r of Readable.from(chunks).pipe(parseStream(CSV_PARSE)) as AsyncIterable<InfoRecord>) {
    for (const field of r.record) held = Math.max(held, field.length);
  }
  return {
    oursTweetsAfter: tweetsAfter(ours(chunks)),
    csvParseCappedTweetsAfter: tweetsAfter(createCsvRowReader().read(capped.map(event))),
    csvParseUncappedHeldMiB: round(held / (1024 * 1024), 2),
  };
}
