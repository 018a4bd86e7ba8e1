import path from 'node:path';
import { Command } from 'commander';
import { ServerConfigError } from '@tagstream/server/exposure';
import { parseTcpUrl } from '@tagstream/server/tcp-line-source';
import { CounterOptionsError } from '@tagstream/stream';
import type { Settings } from '@tagstream/protocol';
import { DEFAULT_SETTINGS } from '@tagstream/protocol/settings-values';
import type { Logger } from 'pino';
import { addCounterFlags, settingsFromFlags, type CounterFlagValues } from '../counter-flags.ts';
import { parseIntFlag } from '../duration.ts';
import { parseSize } from '../size.ts';
import { UsageError } from '../usage-error.ts';
import { useServerHeapSettings } from '../heap-settings.ts';
import { redisOption, redisUrl } from '../ingestor-startup.ts';
import { systemClock } from '@tagstream/time';

interface ServeFlags extends CounterFlagValues {
  source: string;
  host: string;
  port: string;
  control: string;
  recordings: string;
  origin: string[];
  allowedHost: string[];
  recordingsQuota: string;
  checkpoints: string;
  checkpointEvery?: string;
  rateLimit?: string;
  redis?: string;
}

/** `tagstream serve`: the core, REST API, socket.io and dashboard on one port. */
export function serveCommand(logger: () => Promise<Logger>): Command {
  const cmd = new Command('serve')
    .summary('count a TCP line source and serve the dashboard, REST API and socket.io')
    .option('--source <url>', 'line source to read (our ingestor, nc -lk, anything)', 'tcp://127.0.0.1:5554')
    .option('--host <host>', 'address to listen on (non-loopback needs TAGSTREAM_ADMIN_TOKEN)', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '3000')
    .option(
      '--control <url>',
      'the ingestor’s control API, or "none" for a plain line source (not asked for log offsets: restarts then re-read nothing)',
      'http://127.0.0.1:5555/',
    )
    .option(
      '--recordings <dir>',
      'recordings folder for uploads and the recordings list',
      path.join('.tagstream', 'recordings'),
    )
    .option(
      '--checkpoints <dir>',
      'folder for the core’s checkpoint, or "none" (env TAGSTREAM_CHECKPOINT_DIR)',
      process.env.TAGSTREAM_CHECKPOINT_DIR || path.join('.tagstream', 'checkpoints'),
    )
    .option(
      '--checkpoint-every <n>',
      'write a checkpoint after every n results (and at least every 10 s)',
      '10',
    )
    .option('--rate-limit <n>', 'changes (PUT, POST) per minute per client, wrong admin tokens aside', '60')
    .option('--recordings-quota <size>', 'largest total size of the recordings folder (e.g. 500MiB)', '2GiB');
  addAccessFlags(cmd);
  addCounterFlags(cmd, { batch: '10s', window: '20s', related: String(DEFAULT_SETTINGS.related) });
  cmd.addOption(
    redisOption(
      'be a stateless web node of the scale-out mode: show the results `tagstream work` writes to this Redis, and pass track, replay and settings changes through it (--source, --control and --checkpoints do not apply)',
    ),
  );
  return cmd.action(async (flags: ServeFlags, command: Command) => {
    const given = (name: string): boolean => command.getOptionValueSource(name) === 'cli';
    const redis = redisUrl(flags.redis);
    if (redis !== undefined) await serveWebNode(flags, redis, await logger());
    else await serve(flags, await logger(), { explicit: given });
  });
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Who may reach the server: the names it answers to and the pages elsewhere that may use it (serve and demo). */
export function addAccessFlags(cmd: Command): Command {
  return cmd
    .option(
      '--allowed-host <name>',
      'another name this server answers to, or .example.com for a domain (repeatable; others get 421, against DNS rebinding)',
      collect,
      [],
    )
    .option(
      '--origin <url>',
      'the origin of a page served elsewhere that may use the API and socket.io (repeatable)',
      collect,
      [],
    );
}

/** The settings the user asked for on the command line (defaults yield to saved settings). */
function explicitSettings(settings: Settings, given: (flag: string) => boolean): Partial<Settings> {
  const out: Partial<Settings> = {};
  if (given('batch')) out.batchMs = settings.batchMs;
  if (given('window')) out.windowMs = settings.windowMs;
  if (given('slide') || given('batch')) out.slideMs = settings.slideMs;
  if (given('top')) out.topK = settings.topK;
  if (given('retweets')) out.retweets = settings.retweets;
  if (given('related')) out.related = settings.related;
  return out;
}

/** `serve --redis URL`: a web node reading results from Redis (DESIGN.md §9). */
async function serveWebNode(flags: ServeFlags, url: string, log: Logger): Promise<void> {
  const { settings } = settingsFromFlags(flags);
  const port = parseIntFlag(flags.port, '--port', 0, 65535);
  const rateLimit = parseIntFlag(flags.rateLimit ?? '60', '--rate-limit', 1, 1_000_000);
  const { startWebNode } = await import('@tagstream/server/scale');
  const { DEFAULT_WEB_DIST } = await import('@tagstream/server');
  let started;
  try {
    started = await startWebNode({
      url,
      host: flags.host,
      port,
      adminToken: process.env.TAGSTREAM_ADMIN_TOKEN || undefined,
      allowedHosts: flags.allowedHost,
      allowedOrigins: flags.origin,
      settings,
      webDist: DEFAULT_WEB_DIST,
      changeRateLimit: { max: rateLimit, timeWindowMs: 60_000 },
      clock: systemClock,
      logger: log,
    });
  } catch (err) {
    if (err instanceof ServerConfigError) throw new UsageError(err.message);
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new UsageError(
        `port ${port} on ${flags.host} is already in use: stop the other process or pass --port`,
      );
    throw err;
  }
  log.info(`dashboard at ${started.url} (web node on Redis)`);
  const { default: closeWithGrace } = await import('close-with-grace');
  closeWithGrace({ delay: 10_000 }, async () => {
    await started.app.close();
    log.flush();
  });
}

export async function serve(
  flags: ServeFlags,
  log: Logger,
  extra: { onClose?: () => Promise<void>; explicit?: (flag: string) => boolean } = {},
): Promise<string> {
  useServerHeapSettings();
  const source = parseTcpUrl(flags.source);
  if (source === null)
    throw new UsageError(`--source: not a TCP address: ${flags.source} (use tcp://HOST:PORT)`);
  const { settings, latenessMs } = settingsFromFlags(flags);
  const port = parseIntFlag(flags.port, '--port', 0, 65535);
  const checkpointEvery = parseIntFlag(flags.checkpointEvery ?? '10', '--checkpoint-every', 1, 1_000_000);
  const rateLimit = parseIntFlag(flags.rateLimit ?? '60', '--rate-limit', 1, 1_000_000);
  const recordingsQuotaBytes = parseSize(flags.recordingsQuota, '--recordings-quota');
  const { startServer } = await import('@tagstream/server');
  let started;
  try {
    started = await startServer({
      host: flags.host,
      port,
      source,
      controlUrl: flags.control === 'none' ? null : flags.control,
      adminToken: process.env.TAGSTREAM_ADMIN_TOKEN || undefined,
      allowedOrigins: flags.origin,
      allowedHosts: flags.allowedHost,
      recordingsQuotaBytes,
      settings: explicitSettings(settings, extra.explicit ?? (() => true)),
      counter: { latenessMs },
      recordingsDir: flags.recordings,
      checkpointDir: flags.checkpoints === 'none' ? null : flags.checkpoints,
      checkpointEvery,
      changeRateLimit: { max: rateLimit, timeWindowMs: 60_000 },
      logger: log,
    });
  } catch (err) {
    if (err instanceof ServerConfigError || err instanceof CounterOptionsError)
      throw new UsageError(err.message);
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UsageError(
        `port ${port} on ${flags.host} is already in use: stop the other process or pass --port`,
      );
    }
    throw err;
  }
  const { app, url } = started;
  const { default: closeWithGrace } = await import('close-with-grace');
  log.info(`dashboard at ${url}`);
  // SIGTERM, SIGINT or a crash: stop reading, write the final checkpoint, close sockets, exit.
  closeWithGrace(
    { delay: 10_000, logger: { error: (msg: unknown) => log.error({ msg: String(msg) }, 'shutdown') } },
    async ({ err, signal }) => {
      if (err) log.error({ err }, 'shutting down after an error');
      else log.info({ signal }, 'shutting down');
      await app.close();
      await extra.onClose?.();
      log.info('stopped');
      log.flush();
    },
  );
  return url;
}
