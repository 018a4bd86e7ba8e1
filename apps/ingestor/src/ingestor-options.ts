import type { LiveStatus, Tracker } from '@tagstream/protocol';
import type { Timers } from '@tagstream/time';
import type { Logger } from 'pino';
import type { LineFormat } from './fanout/line-format.ts';
import type { LogBounds } from './log/line-log.ts';
import type { ReplaySpeed } from './replay/replay-source.ts';

/** What an Ingestor is made with, and the requests it takes (the control API's and the command's). */

export interface IngestorOptions {
  host: string;
  port: number;
  format: LineFormat;
  logger: Logger;
  maxConsumerBufferBytes?: number;
  /** Consumers past this many are refused (default 64). */
  maxConsumers?: number;
  /**
   * The durable log (DESIGN.md §8): its folder, kept across restarts, and its bounds. Without a
   * folder the log lives in a temporary one, removed on close.
   */
  log?: { dir?: string | undefined; bounds?: Partial<LogBounds> };
  /** Scale-out (DESIGN.md §9): every line also goes to this Redis' lines stream. */
  redis?: { url: string; prefix?: string } | undefined;
  /** Wall time and timers for replays (tests inject a manual clock); the system clock by default. */
  clock?: Timers;
}

/** What the ingestor needs of a live source. */
export interface LiveControl {
  setKeywords(keywords: string[]): Promise<void>;
  setTrackers(trackers: Tracker[]): Promise<void>;
  status(): LiveStatus;
  close(): Promise<void>;
}

export interface ReplayRequest {
  files: string[];
  speed: ReplaySpeed;
  loop: boolean;
  maxGapMs?: number;
}

/** A replay of every recording that appears in a folder (`ingest replay --watch DIR`). */
export interface FolderReplayRequest {
  dir: string;
  /** How long a new file must stay unchanged to be read. */
  settleMs: number;
  speed: ReplaySpeed;
  maxGapMs?: number;
}
