import type { BatchResult } from './batch-result.ts';
import type { Settings } from './settings.ts';
import type { SourceStatus } from './source-status.ts';

/** Everything a dashboard needs to draw itself at once, sent on connect. */
export interface Snapshot {
  settings: Settings;
  latest: BatchResult | null;
  /** Recent results, oldest first. */
  history: BatchResult[];
  source: SourceStatus;
  keywords: string[];
}

/** Events the server sends to dashboards (socket.io). */
export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  batch: (result: BatchResult) => void;
  source: (status: SourceStatus) => void;
  track: (keywords: { keywords: string[] }) => void;
  settings: (settings: Settings) => void;
}

/** Dashboards only listen; changes go through the REST API so they are authenticated once. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClientToServerEvents {}
