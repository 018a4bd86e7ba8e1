// The parts of @tagstream/tweets the recording reader uses, in one place.
export {
  createCsvParser,
  CsvHeaderError,
  normalizeValue,
  parseLine,
  sortByEventTime,
  type CsvRowResult,
  type LineMode,
  type LineResult,
  type Tweet,
} from '@tagstream/tweets';
