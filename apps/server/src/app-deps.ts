import type { IngestorControl } from './ingestor-control.ts';
import type { LiveCore } from './pipeline/live-core.ts';

/** Everything the HTTP layer needs, built by the process entry (server.ts) or by a test. */
export interface AppDeps {
  core: LiveCore;
  /** The ingestor's control API, when the source is our own ingestor. */
  control: IngestorControl | null;
  /** Changing endpoints require `Authorization: Bearer <token>` when set. */
  adminToken?: string | undefined;
  /** Origins allowed to open socket.io besides the dashboard's own. */
  allowedOrigins: string[];
  /** The built dashboard (apps/web/dist), or null to serve the API only. */
  webDist: string | null;
  recordingsDir: string;
  uploadLimitBytes: number;
  /** Results closer together than this reach dashboards coalesced. */
  broadcastIntervalMs: number;
  /** Keeps settings changed through the API for the next start. */
  persistSettings?: (settings: import('@tagstream/protocol').Settings) => Promise<void>;
  /** Requests per minute per client on changing endpoints. */
  changeRateLimit: number;
}
