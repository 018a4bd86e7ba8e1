import { createReadStream } from 'node:fs';
import { emptyLineTally } from '@tagstream/stream';
import { ByteLineReader, ScanCounter } from '../packages/stream/src/bytes/index.ts';

/**
 * The prototype as a whole process (bundled by count-process.bench.ts, run with bare node): what
 * `tagstream count FILE --json` would cost on the byte path. It reads the file in chunks through
 * ByteLineReader and prints one result per line. Unlike `count` it does not sort by event time
 * first (the benchmark's lines are in time order; phase 2 sorts scanned records, not Tweets).
 */
const counter = new ScanCounter({}, { now: () => Date.now() }, (r) =>
  process.stdout.write(JSON.stringify(r) + '\n'),
);
const tally = emptyLineTally();
const reader = new ByteLineReader(counter, tally);
for await (const chunk of createReadStream(process.argv[2]!, { highWaterMark: 1 << 20 }))
  reader.push(chunk as Buffer);
reader.end();
counter.end();
process.stderr.write(`${tally.tweets}\n`);
