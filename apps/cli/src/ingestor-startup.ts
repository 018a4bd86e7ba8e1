/**
 * What both ingest commands (replay and live) share to start an ingestor: the flags of its TCP
 * line server and control API, its track rules, and its control API.
 */
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Ingestor } from '@tagstream/ingestor';
import { checkExposure } from '@tagstream/server/exposure';
import { checkRedisUrl } from '@tagstream/redis/url';
import { formatRuleError, RuleSyntaxError } from '@tagstream/tweets';
import type { Logger } from 'pino';
import { parseBytes, parseDuration, parseIntFlag } from './duration.ts';
import { UsageError } from './usage-error.ts';

/** The flags of the TCP line server, the control API and the track rules. */
export function addFanoutFlags(cmd: Command): Command {
  return cmd
    .option('--host <host>', 'address of the TCP line server', '127.0.0.1')
    .option('--port <port>', 'port of the TCP line server', '5554')
    .addOption(
      new Option('--format <format>', 'line format: normalized JSON, or bare text for Spark/nc')
        .choices(['json', 'text'])
        .default('json'),
    )
    .option(
      '--control-host <host>',
      'address of the HTTP control API (non-loopback needs TAGSTREAM_ADMIN_TOKEN)',
      '127.0.0.1',
    )
    .option('--control-port <port>', 'port of the HTTP control API (0: any free port)', '5555')
    .option('--track <rule>', 'track keywords (comma-separated list or repeated flag)', collectList, [])
    .option(
      '--log-dir <dir>',
      'folder of the durable line log, kept across restarts (default: .tagstream/log/HOST-PORT; with --port 0, a temporary folder)',
    )
    .option('--log-max-age <duration>', 'the log drops lines older than this', '1h')
    .option('--log-max-size <size>', 'the log drops its oldest lines past this size', '1GiB')
    .option(
      '--max-consumers <n>',
      'TCP consumers served at once; more are refused with a line saying why',
      '64',
    )
    .addOption(redisOption('also append every line to this Redis’ lines stream, for `tagstream work`'));
}

/** `--redis URL` (or TAGSTREAM_REDIS_URL): the scale-out mode of DESIGN.md §9. */
export function redisOption(description: string): Option {
  return new Option('--redis <url>', `${description} (redis://HOST:PORT)`).env('TAGSTREAM_REDIS_URL');
}

/** The checked --redis value, or undefined without one. */
export function redisUrl(flag: string | undefined): string | undefined {
  if (flag === undefined || flag === '') return undefined;
  const problem = checkRedisUrl(flag);
  if (problem !== null) throw new UsageError(`--redis: ${problem}`);
  return flag;
}

/** The flags that shape the line log and the fan-out. */
export interface FanoutFlags {
  host: string;
  port: string;
  logDir?: string;
  logMaxAge: string;
  logMaxSize: string;
  maxConsumers: string;
  redis?: string;
}

/** The ingestor options the fan-out flags give (the log in its own folder per address, so two ingestors never share one). */
export function fanoutOptions(flags: FanoutFlags) {
  const port = parseIntFlag(flags.port, '--port', 0, 65535);
  const dir =
    flags.logDir ??
    (port === 0
      ? undefined
      : path.join('.tagstream', 'log', `${flags.host.replace(/[^\w.-]/g, '_')}-${port}`));
  const redis = redisUrl(flags.redis);
  return {
    host: flags.host,
    port,
    ...(redis !== undefined ? { redis: { url: redis } } : {}),
    maxConsumers: parseIntFlag(flags.maxConsumers, '--max-consumers', 1, 100_000),
    log: {
      dir,
      bounds: {
        maxAgeMs: parseDuration(flags.logMaxAge, '--log-max-age'),
        maxBytes: parseBytes(flags.logMaxSize, '--log-max-size'),
      },
    },
  };
}

/**
 * Starts the control API on the flags' address, refusing a non-loopback one without an admin
 * token; with --redis it also takes the requests web nodes put on Redis (DESIGN.md §9).
 */
export async function startControl(
  ingestor: Ingestor,
  flags: { controlPort: string; controlHost: string; redis?: string | undefined },
  recordingsDir: string,
  log: Logger,
) {
  const adminToken = process.env.TAGSTREAM_ADMIN_TOKEN || undefined;
  try {
    checkExposure(flags.controlHost, adminToken);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { buildControlApi, RedisControlReader } = await import('@tagstream/ingestor');
  const control = buildControlApi({
    ingestor,
    recordingsDir,
    adminToken,
    logger: log.child({ part: 'control' }),
  });
  const redis = redisUrl(flags.redis);
  const reader =
    redis === undefined ? null : new RedisControlReader({ url: redis, control, adminToken, logger: log });
  if (reader !== null) control.addHook('onClose', async () => reader.stop());
  const url = await control.listen({
    host: flags.controlHost,
    port: parseIntFlag(flags.controlPort, '--control-port', 0, 65535),
  });
  log.info({ url, adminTokenSet: adminToken !== undefined }, `control API on ${url}`);
  reader?.start();
  return control;
}

/** Sets the ingestor's track rules; a rule that does not parse is a usage error showing where. */
export async function applyTrack(ingestor: Ingestor, rules: string[]): Promise<void> {
  try {
    await ingestor.setKeywords(rules);
  } catch (err) {
    if (err instanceof RuleSyntaxError) {
      const index = (err as RuleSyntaxError & { index?: number }).index ?? 0;
      throw new UsageError(`--track: ${err.message}\n${formatRuleError(rules[index] ?? '', err)}`);
    }
    throw err;
  }
}

/** `--track a,b --track c` → [a, b, c]; a comma inside quotes stays in its rule. */
export function collectList(value: string, previous: string[]): string[] {
  const parts = value.match(/(?:"[^"]*"|[^,])+/g) ?? [];
  return [...previous, ...parts.map((p) => p.trim()).filter((p) => p.length > 0)];
}
