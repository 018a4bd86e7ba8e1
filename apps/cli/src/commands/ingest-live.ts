import { Command } from 'commander';
import type { LineFormat } from '@tagstream/ingestor';
import { LiveWatermark } from '@tagstream/stream';
import { systemClock } from '@tagstream/time';
import type { Logger } from 'pino';
import { parseDuration, parseIntFlag } from '../duration.ts';
import { UsageError } from '../usage-error.ts';
import {
  addFanoutFlags,
  applyTrack,
  fanoutOptions,
  startControl,
  type FanoutFlags,
} from '../ingestor-startup.ts';

interface LiveFlags extends FanoutFlags {
  format: LineFormat;
  controlPort: string;
  controlHost: string;
  track: string[];
  record?: string;
  rotateSize: string;
  rotateEvery: string;
  delay: string;
}

/** `tagstream ingest live`: the X API v2 filtered stream, tracked keywords as stream rules. */
export function liveCommand(logger: () => Promise<Logger>): Command {
  const cmd = new Command('live')
    .summary('stream tweets matching the track keywords from the X API v2 filtered stream')
    .description(
      'Needs X_BEARER_TOKEN (or TWITTER_BEARER_TOKEN). Each --track entry becomes one X stream rule;\n' +
        'X_API_BASE_URL points at another X API v2 endpoint (default https://api.x.com/2/).',
    )
    .option('--record <file>', 'also write every received line to this gzip JSON Lines recording')
    .option('--rotate-size <mib>', 'start a new recording part after this many MiB (0: never)', '512')
    .option('--rotate-every <duration>', 'start a new recording part after this long (0: never)', '0')
    .option(
      '--delay <duration>',
      'expected delivery delay: watermarks trail the wall clock by this much',
      '5s',
    );
  addFanoutFlags(cmd);
  return cmd.action(async (flags: LiveFlags) => {
    const token = process.env.X_BEARER_TOKEN || process.env.TWITTER_BEARER_TOKEN;
    if (!token)
      throw new UsageError('set X_BEARER_TOKEN (or TWITTER_BEARER_TOKEN) to your X API bearer token');
    if (flags.track.length === 0)
      throw new UsageError('give at least one --track keyword (comma-separated list)');
    const delayMs = parseDuration(flags.delay, '--delay');
    const rotateMs = flags.rotateEvery === '0' ? 0 : parseDuration(flags.rotateEvery, '--rotate-every');
    const rotateBytes = parseIntFlag(flags.rotateSize, '--rotate-size', 0, 1_000_000) * 1024 * 1024;
    const log = await logger();
    const [{ Ingestor }, { GzipRecorder }, { startLiveSource, normalizeBaseUrl }] = await Promise.all([
      import('@tagstream/ingestor'),
      import('@tagstream/ingestor/record'),
      import('@tagstream/ingestor/live'),
    ]);
    const baseUrl = process.env.X_API_BASE_URL || undefined;
    if (baseUrl !== undefined) {
      try {
        normalizeBaseUrl(baseUrl);
      } catch (err) {
        throw new UsageError(`X_API_BASE_URL: ${(err as Error).message}`);
      }
    }
    const ingestor = new Ingestor({ ...fanoutOptions(flags), format: flags.format, logger: log });
    await applyTrack(ingestor, flags.track);
    await ingestor.listen();
    const recorder = flags.record ? new GzipRecorder({ path: flags.record, rotateBytes, rotateMs }) : null;
    const live = await startLiveSource({
      bearerToken: token,
      baseUrl,
      keywords: ingestor.getKeywords(),
      trackers: ingestor.getTrackers(),
      logger: log.child({ part: 'live' }),
      onLine: (raw, trackers) => {
        recorder?.write(raw);
        ingestor.sendLiveLine(raw, trackers);
      },
    });
    ingestor.attachLive(live);
    const control = await startControl(ingestor, flags, process.cwd(), log);
    // Live, the watermark is the wall clock minus the expected delivery delay (DESIGN.md §3).
    const watermark = new LiveWatermark(delayMs);
    const watermarks = systemClock.setInterval(
      () => ingestor.sendWatermark(watermark.at(systemClock.now(), live.status())),
      200,
    );
    await new Promise<void>((resolve) => {
      const stop = (): void => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    systemClock.clearTimeout(watermarks);
    await Promise.all([ingestor.close(), control.close()]);
    await recorder?.close();
  });
}
