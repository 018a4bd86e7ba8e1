/**
 * What the ingestor and the server both need of files and lines (DESIGN.md §2): line splitting
 * with its byte cap, recording formats and sniffing, reading recordings into tweets, and the
 * recordings folder's rules. File I/O only: no sockets, no timers, no process.env.
 */
export {
  readRecording,
  openRecordingContent,
  recordingFailure,
  DEFAULT_MAX_DOCUMENT_BYTES,
  type ReadRecordingOptions,
  type RecordingContent,
} from './read-recording.ts';
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
  SNIFF_BYTES,
  type RecordingFormat,
} from './detect-format.ts';
export { listRecordings, resolveRecording, type RecordingEntry } from './recordings-folder.ts';
