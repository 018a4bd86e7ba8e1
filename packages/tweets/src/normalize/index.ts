// The normalize module's public surface: every tweet format in, one Tweet out.
export { parseLine, parseLineGeneral, type LineMode, type LineResult } from './parse-line.ts';
export { normalizeValue, type JsonResult, type StreamMark } from './normalize-value.ts';
export { scanNormalizedLine } from './scan-normalized.ts';
export { toWireLine, toTextLine, toWatermarkLine } from './wire-line.ts';
export {
  createCsvParser,
  createCsvRowReader,
  CsvHeaderError,
  type CsvRowReader,
  type CsvRowResult,
  type CsvTweetParser,
} from './csv.ts';
export { CsvRecordParser, DEFAULT_MAX_RECORD_CHARS, type CsvRecordEvent } from './csv-records.ts';
export { parseCreatedAt, eventTime } from './event-time.ts';
export { normalizeId, snowflakeTime } from './ids.ts';
export { sortByEventTime } from './sort-by-event-time.ts';
