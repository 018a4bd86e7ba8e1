/**
 * Writes the bundled demo recording (samples/demo.jsonl.gz).
 *
 *   npx tsx scripts/generate-demo-recording.ts [--seed N] [--minutes 30] [--out samples/demo.jsonl.gz]
 *
 * Same options, same bytes. See samples/README.md for what is inside.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULTS, generateDemoRecording } from './demo-recording/generate.ts';

const USAGE = `Usage: npx tsx scripts/generate-demo-recording.ts [options]

Generates a deterministic X API v2 filtered-stream recording (gzip JSONL) for the demo.

Options:
  --seed N        PRNG seed, a 32-bit unsigned integer (default ${DEFAULTS.seed})
  --minutes M     minutes of tweet time (default ${DEFAULTS.minutes}); the trend schedule
                  is stretched or squeezed to fit
  --start ISO     first instant (default ${DEFAULTS.start})
  --out FILE      output file (default samples/demo.jsonl.gz; "-" for stdout)
  -h, --help      show this help
`;

function fail(message: string): never {
  process.stderr.write(`generate-demo-recording: ${message}\n\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        seed: { type: 'string' },
        minutes: { type: 'string' },
        start: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const seed = values.seed === undefined ? DEFAULTS.seed : Number(values.seed);
  if (!/^\d+$/.test(values.seed ?? '0') || !Number.isSafeInteger(seed) || seed > 0xffffffff) {
    fail(`--seed must be an integer from 0 to 4294967295, got ${values.seed}`);
  }
  const minutes = values.minutes === undefined ? DEFAULTS.minutes : Number(values.minutes);
  if (!(Number.isFinite(minutes) && minutes > 0 && minutes <= 1440)) {
    fail(`--minutes must be a number in (0, 1440], got ${values.minutes}`);
  }
  const start = values.start ?? DEFAULTS.start;
  if (!Number.isFinite(Date.parse(start))) fail(`--start must be an ISO-8601 instant, got ${start}`);
  const out = values.out ?? 'samples/demo.jsonl.gz';

  const { gzip, summary } = generateDemoRecording({ seed, minutes, start });
  if (out === '-') {
    process.stdout.write(gzip);
  } else {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, gzip);
  }
  process.stderr.write(
    `${out}: ${summary.tweets} tweets (${summary.retweets} retweets), ${summary.distinctTags} distinct tags, ` +
      `${summary.gzipBytes} bytes gzipped (${summary.rawBytes} raw), ${summary.firstCreatedAt} .. ${summary.lastCreatedAt}, ` +
      `seed ${seed}\n`,
  );
}

await main();
