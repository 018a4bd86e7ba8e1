import { DEFAULT_SETTINGS } from '@tagstream/protocol/settings-values';
import { Command } from 'commander';
import { counterOptionsFor, CounterOptionsError } from '@tagstream/stream';
import { systemClock } from '@tagstream/time';
import type { Logger } from 'pino';
import { addCounterFlags, settingsFromFlags, type CounterFlagValues } from '../counter-flags.ts';
import { parseDuration } from '../duration.ts';
import { redisOption, redisUrl } from '../ingestor-startup.ts';
import { UsageError } from '../usage-error.ts';

interface WorkFlags extends CounterFlagValues {
  redis?: string;
  name?: string;
  claimIdle: string;
  leaseTtl: string;
  merge?: boolean;
}

/** `tagstream work --redis URL`: a core worker of the scale-out mode (DESIGN.md §9). */
export function workCommand(logger: () => Promise<Logger>): Command {
  const cmd = new Command('work')
    .summary('count the lines stream on Redis as one of any number of workers (scale-out)')
    .description(
      [
        'Reads the lines `tagstream ingest … --redis URL` appends, through one consumer group shared by every worker, and digests its share of them (parsing, hashtag extraction); one worker at a time, the holder of a lease in Redis, feeds the digests in stream order to the counting session and appends each window result to the results stream that `tagstream serve --redis URL` reads. The results are those of `tagstream count` on the same input, however many workers run and whichever of them die.',
        'The counting flags are used when Redis holds no settings yet; after that every worker uses the shared ones.',
      ].join('\n\n'),
    )
    .addOption(redisOption('the Redis to work on'))
    .option('--name <name>', 'this worker’s name in the consumer group (default: host and pid)')
    .option(
      '--claim-idle <duration>',
      'entries another worker has held this long without acknowledging them are taken over',
      '10s',
    )
    .option(
      '--lease-ttl <duration>',
      'the emitter lease lapses this long after its holder stops renewing it',
      '5s',
    )
    .option(
      '--merge',
      'share the counting too: each worker writes per-batch partial counts of what it read, which the emitter merges (every worker of a stream must agree: one started otherwise than the running ones refuses to start)',
    );
  addCounterFlags(cmd, { batch: '10s', window: '20s', related: String(DEFAULT_SETTINGS.related) });
  return cmd.action(async (flags: WorkFlags) => {
    const url = redisUrl(flags.redis);
    if (url === undefined) throw new UsageError('work needs --redis URL (or TAGSTREAM_REDIS_URL)');
    const { settings, latenessMs } = settingsFromFlags(flags);
    try {
      counterOptionsFor(settings, { latenessMs });
    } catch (err) {
      if (err instanceof CounterOptionsError) throw new UsageError(err.message);
      throw err;
    }
    const claimIdleMs = parseDuration(flags.claimIdle, '--claim-idle');
    const leaseTtlMs = parseDuration(flags.leaseTtl, '--lease-ttl');
    const { startWork, CountingModeError } = await import('@tagstream/server/scale');
    const work = await startWork({
      url,
      ...(flags.name !== undefined ? { name: flags.name } : {}),
      settings,
      counter: { latenessMs },
      claimIdleMs,
      leaseTtlMs,
      merge: flags.merge === true,
      clock: systemClock,
      logger: await logger(),
    }).catch((err: unknown) => {
      // A flag that disagrees with the running deployment: the caller's to fix, exit code 2.
      if (err instanceof CountingModeError) throw new UsageError(err.message);
      throw err;
    });
    await new Promise<void>((resolve) => {
      const stop = (): void => void work.stop().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  });
}
