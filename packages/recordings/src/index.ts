/**
 * What the ingestor and the server both need of files and lines (DESIGN.md §2): line splitting
 * with its byte cap, recording formats and sniffing, reading recordings into tweets, and the
 * recordings folder's rules, and a folder watched as a source. File I/O only: no sockets, no
 * process.env, and no timers of its own (the folder watch waits on the Timers it is given).
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
export { FolderWatch, type FileSighting, type FolderNews, type FolderWatchOptions } from './folder-watch.ts';
export { watchFolder, type FolderEvent, type WatchFolderOptions } from './watch-folder.ts';
