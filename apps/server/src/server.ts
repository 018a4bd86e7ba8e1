import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AllowListError, tokenWeakness, type FailedAuthOptions } from '@tagstream/access';
import { DEFAULT_SETTINGS, type Settings } from '@tagstream/protocol';
import type { CounterBase } from '@tagstream/stream';
import { systemClock } from '@tagstream/time';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { tagstreamApp } from './app.ts';
import { CheckpointFile } from './checkpoint/checkpoint-file.ts';
import { SettingsFile } from './checkpoint/settings-file.ts';
import { checkExposure, ServerConfigError } from './exposure.ts';
import { IngestorControl } from './ingestor-control.ts';
import { LiveCore } from './pipeline/live-core.ts';
import type { TcpAddress } from './pipeline/tcp-line-source.ts';

export interface ServerConfig {
  host: string;
  port: number;
  source: TcpAddress;
  /** The ingestor's control API base URL, e.g. http://127.0.0.1:5555/ (null: plain line source). */
  controlUrl: string | null;
  adminToken?: string | undefined;
  /** Origins of pages served elsewhere that may use the API and socket.io (`--origin`). */
  allowedOrigins?: string[];
  /** Names the server answers to besides its address and localhost (`--allowed-host`); others get 421. */
  allowedHosts?: string[];
  /** The failed-login throttle's schedule and clock (tests shorten it). */
  failedAuth?: FailedAuthOptions;
  settings?: Partial<Settings>;
  /** Counter options the settings do not cover (lateness, retention, caps). */
  counter?: CounterBase;
  recordingsDir: string;
  webDist?: string | null;
  uploadLimitBytes?: number;
  /** Largest upload after gunzip (default 1 GiB). */
  uploadExpandedLimitBytes?: number;
  /** Largest total size of the recordings folder (default 2 GiB); uploads past it get 507. */
  recordingsQuotaBytes?: number;
  /** Folder for the core's checkpoint (null: no checkpoints). */
  checkpointDir?: string | null;
  /** Checkpoint after this many results (default 10)… */
  checkpointEvery?: number;
  /** …and at least this often while input arrives (default 10 s), whatever the load. */
  checkpointIntervalMs?: number;
  /** Changing requests per client per window (default 60 a minute). */
  changeRateLimit?: { max: number; timeWindowMs: number };
  /** Results closer together than this reach dashboards coalesced (default 200 ms). */
  broadcastIntervalMs?: number;
  /** Options for @fastify/under-pressure, over the defaults (event loop delay above 1 s: 503). */
  underPressure?: Record<string, unknown>;
  logger: Logger;
}

/** The built dashboard, next to this app in the repository. */
export const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/**
 * Where a token could appear in what fastify and its plugins log: request
 * headers (also inside @fastify/multipart's busboy options at trace level) and
 * option objects. Censored whatever logger the caller passed.
 */
export const REDACTED_PATHS = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  '*.*.headers.authorization',
  'adminToken',
  '*.adminToken',
  'token',
  '*.token',
];

function redacting(logger: Logger): Logger {
  return logger.child({}, { redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}

/**
 * The process around the app: checks the exposure, censors the logger, builds
 * the core from the configuration (with the settings saved last time), registers
 * the app and listens. Closing the returned app stops everything, the core last.
 */
export async function startServer(
  input: ServerConfig,
): Promise<{ app: FastifyInstance; core: LiveCore; url: string }> {
  checkExposure(input.host, input.adminToken);
  const config = { ...input, logger: redacting(input.logger) };
  const weakness = config.adminToken ? tokenWeakness(config.adminToken) : null;
  if (weakness !== null) config.logger.warn(weakness);
  const settingsFile = config.checkpointDir
    ? new SettingsFile(path.join(config.checkpointDir, 'settings.json'))
    : null;
  // Settings changed on the dashboard survive a restart; flags given on the command line win over them.
  const persisted = settingsFile ? await settingsFile.read(config.logger) : {};
  const core = new LiveCore({
    source: config.source,
    settings: { ...DEFAULT_SETTINGS, ...persisted, ...config.settings },
    counter: config.counter ?? {},
    clock: systemClock,
    logger: config.logger,
    // A plain line source (no control API) is not asked for offsets: it would see the request as text.
    resume: config.controlUrl !== null,
    ...(config.checkpointDir
      ? {
          checkpoint: {
            file: new CheckpointFile(path.join(config.checkpointDir, 'core.ckpt.gz')),
            everyResults: config.checkpointEvery ?? 10,
            everyMs: config.checkpointIntervalMs ?? 10_000,
          },
        }
      : {}),
  });
  const app = Fastify({
    loggerInstance: config.logger,
    bodyLimit: 256 * 1024,
    // Hashtags may be hundreds of characters (URL-encoded, more): fastify's default of 100 would 414 them.
    routerOptions: { maxParamLength: 4096 },
    logController: new LogController({ disableRequestLogging: true }),
  });
  try {
    await app.register(tagstreamApp, {
      core,
      control: config.controlUrl ? new IngestorControl(config.controlUrl, config.adminToken) : null,
      adminToken: config.adminToken,
      listenHost: config.host,
      allowedOrigins: config.allowedOrigins ?? [],
      allowedHosts: config.allowedHosts ?? [],
      ...(config.failedAuth ? { failedAuth: config.failedAuth } : {}),
      ...(config.recordingsQuotaBytes !== undefined
        ? { recordingsQuotaBytes: config.recordingsQuotaBytes }
        : {}),
      webDist: config.webDist === undefined ? DEFAULT_WEB_DIST : config.webDist,
      recordingsDir: config.recordingsDir,
      uploadLimitBytes: config.uploadLimitBytes ?? 256 * 1024 * 1024,
      uploadExpandedLimitBytes: config.uploadExpandedLimitBytes ?? 1024 * 1024 * 1024,
      broadcastIntervalMs: config.broadcastIntervalMs ?? 200,
      ...(settingsFile ? { persistSettings: (s: Settings) => settingsFile.write(s) } : {}),
      changeRateLimit: config.changeRateLimit ?? { max: 60, timeWindowMs: 60_000 },
      ...(config.underPressure ? { underPressure: config.underPressure } : {}),
    });
  } catch (err) {
    // A name or origin that cannot be one is the configuration's fault: the CLI says so and exits 2.
    if (err instanceof AllowListError) throw new ServerConfigError(err.message);
    throw err;
  }
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    // The core started reading when the app became ready: stop it, or the process would linger.
    await app.close();
    throw err;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  // The instance is typed with pino's Logger; callers only need the generic fastify surface.
  return { app: app as unknown as FastifyInstance, core, url };
}
