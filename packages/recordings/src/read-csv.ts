import type { ReadContext, RecordingEvent } from './recording-event.ts';
import { createCsvParser, type CsvRowResult } from './tweets-api.ts';

/**
 * Reads a CSV recording: bytes decoded as UTF-8 in streaming mode (a
 * character split across chunks is joined; invalid bytes become U+FFFD),
 * records may span lines, each record is capped like a line. A header
 * without a `text` column throws CsvHeaderError.
 */
export async function* readCsv(
  chunks: AsyncIterable<Buffer>,
  ctx: ReadContext,
): AsyncGenerator<RecordingEvent> {
  const decoder = new TextDecoder('utf-8');
  const parser = createCsvParser({ maxRecordChars: ctx.maxLineBytes });
  for await (const chunk of chunks) {
    ctx.signal?.throwIfAborted();
    yield* rowEvents(parser.push(decoder.decode(chunk, { stream: true })), ctx);
  }
  yield* rowEvents([...parser.push(decoder.decode()), ...parser.end()], ctx);
}

function* rowEvents(rows: CsvRowResult[], ctx: ReadContext): Generator<RecordingEvent> {
  for (const row of rows) {
    ctx.progress.lines = row.line;
    switch (row.kind) {
      case 'tweet':
        yield { kind: 'tweet', tweet: row.tweet, line: row.line };
        break;
      case 'skip':
        yield { kind: 'skipped', line: row.line, reason: row.reason };
        break;
      case 'malformed':
        yield row;
        break;
      case 'oversized':
        yield { kind: 'oversized', line: row.line, bytes: row.chars };
        break;
    }
  }
}
