import type { FailedAuthOptions } from '@tagstream/access';
import type { Settings } from '@tagstream/protocol';
import type { Timers } from '@tagstream/time';
import type { IngestorControl } from './ingestor-control.ts';
import type { LiveCore } from './pipeline/live-core.ts';

/** Everything the HTTP application is built from, given by the process entry (server.ts) or by a test. */
export interface AppDeps {
  core: LiveCore;
  /** The ingestor's control API, when the source is our own ingestor. */
  control: IngestorControl | null;
  /** Changing endpoints require `Authorization: Bearer <token>` when set. */
  adminToken?: string | undefined;
  /** Origins of pages elsewhere allowed to use the API and socket.io, besides the dashboard's own. */
  allowedOrigins: string[];
  /** The address the server listens on (its name is one it answers to); 127.0.0.1 by default. */
  listenHost?: string;
  /** Other names the server answers to (against DNS rebinding, every other name is refused). */
  allowedHosts?: string[];
  /** The failed-login throttle's schedule and clock (tests shorten it). */
  failedAuth?: FailedAuthOptions;
  /** The built dashboard (apps/web/dist), or null to serve the API only. */
  webDist: string | null;
  recordingsDir: string;
  /** Largest upload as sent. */
  uploadLimitBytes: number;
  /** Largest upload after gunzip (a small .gz may expand a thousandfold). */
  uploadExpandedLimitBytes: number;
  /** Largest total size of the recordings folder (default 2 GiB). */
  recordingsQuotaBytes?: number;
  /** Results closer together than this reach dashboards coalesced. */
  broadcastIntervalMs: number;
  /** How often dashboards get the source status (replay position, tweets/s) while it changes. */
  sourceIntervalMs?: number;
  /** Keeps settings changed through the API for the next start (the settings service calls it). */
  persistSettings?: (settings: Settings) => Promise<void>;
  /** Requests per client (IP) and time window on changing endpoints: the admin's budget (everyone's, without a token). */
  changeRateLimit: { max: number; timeWindowMs: number };
  /** Overrides for @fastify/under-pressure (tests force the pressure state with a failing health check). */
  underPressure?: Record<string, unknown>;
  /** Monotonic time for lag measurements, and the timer refreshing the source status; the system clock by default. */
  clock?: Timers;
}
