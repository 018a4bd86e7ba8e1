// The normalize API of @tagstream/tweets, in one place. It is imported by
// relative path until packages/tweets/src/index.ts re-exports
// `./normalize/index.ts`; then this becomes `from '@tagstream/tweets'`.
export {
  createCsvParser,
  CsvHeaderError,
  normalizeValue,
  parseLine,
  sortByEventTime,
  type CsvRowResult,
  type LineMode,
  type LineResult,
} from '../../../../packages/tweets/src/normalize/index.ts';
export type { Tweet } from '@tagstream/tweets';
