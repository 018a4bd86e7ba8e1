// Reading recordings: files in, normalized tweets out.
export { readRecording, DEFAULT_MAX_DOCUMENT_BYTES, type ReadRecordingOptions } from './read-recording.ts';
export { loadRecordingSorted, type RecordingStats } from './load-recording-sorted.ts';
export type { RecordingEvent } from './recording-event.ts';
export { RecordingError, type RecordingErrorCode } from './recording-error.ts';
export {
  LineSplitter,
  splitLines,
  DEFAULT_MAX_LINE_BYTES,
  type SplitItem,
  type LineSplitterOptions,
} from './line-splitter.ts';
export {
  binaryReason,
  csvHeaderHasText,
  formatFromName,
  sniffFormat,
  type RecordingFormat,
} from './detect-format.ts';
