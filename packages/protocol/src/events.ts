import type { BatchResult } from './batch-result.ts';
import type { Settings } from './settings.ts';
import type { SourceStatus } from './source-status.ts';
import type { Tracker, VoiceEntry } from './trackers.ts';

/** Everything a dashboard needs to draw itself at once, sent on connect and when it changes what it watches. */
export interface Snapshot {
  settings: Settings;
  /** The tracker the results below belong to (the one the dashboard watches). */
  tracker: string;
  latest: BatchResult | null;
  /** Recent results, oldest first. */
  history: BatchResult[];
  source: SourceStatus;
  keywords: string[];
  /** The trackers besides the default one, for the switcher. */
  trackers: Tracker[];
  /** While the dashboard watches the compare view: every tracker's recent tweets per window; otherwise null. */
  voice: VoiceEntry[] | null;
}

/**
 * What a dashboard shows, which decides what it is sent: the results of one tracker (a socket.io
 * room per tracker), and share-of-voice entries only while the compare view is open.
 */
export interface DashboardView {
  tracker: string;
  compare: boolean;
}

/** Events the server sends to dashboards (socket.io). */
export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  /** A result of the tracker the dashboard watches (its `tracker` field says which). */
  batch: (result: BatchResult) => void;
  source: (status: SourceStatus) => void;
  track: (keywords: { keywords: string[] }) => void;
  settings: (settings: Settings) => void;
  /** The trackers changed (`PUT /api/trackers`). */
  trackers: (trackers: { trackers: Tracker[] }) => void;
  /** New windows' tweets per tracker, for dashboards watching the compare view. */
  voice: (entries: VoiceEntry[]) => void;
}

/**
 * What dashboards send: only which view they show (the same choice as the handshake's `auth`,
 * see {@link DashboardView}), answered with a new `snapshot`. Changes go through the REST API so
 * they are authenticated once.
 */
export interface ClientToServerEvents {
  watch: (view: DashboardView) => void;
}
