export {
  Ingestor,
  ReplayStartError,
  type IngestorOptions,
  type IngestorStatus,
  type LiveControl,
  type ReplayRequest,
  type ReplayOutcome,
} from './ingestor.ts';
export { buildControlApi, type ControlApiOptions } from './control/control-api.ts';
export { RedisControlReader, type RedisControlReaderOptions } from './control/redis-control-reader.ts';
export { LineServer, type LineServerOptions } from './fanout/line-server.ts';
export type { LineFormat } from './fanout/line-format.ts';
export { ReplaySource, type ReplaySpeed, type ReplayStatus } from './replay/replay-source.ts';
export type { LineLog, LogBounds, LogSlice } from './log/line-log.ts';
export { DEFAULT_LOG_BOUNDS } from './log/line-log.ts';
export { LmdbLineLog } from './log/lmdb-line-log.ts';
