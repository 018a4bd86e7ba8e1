import { DECLINE, parseLine, scanLineBytes, ScannedTweet, type LineMode } from '@tagstream/tweets';
import type { LineTally } from '../line-input.ts';
import type { ScanCounter } from './scan-counter.ts';

const LF = 0x0a;
const CR = 0x0d;

/** Longest line kept, in bytes without its terminator: DESIGN §3 drops longer ones (as `LineSplitter`). */
export const MAX_LINE_BYTES = 1024 * 1024;

const scanned = new ScannedTweet();

/**
 * Feeds the lines of `buf[start, end)` to the counter, as `feedLine` feeds strings: each line the
 * byte-level reader reads is counted from its bytes; any other (declined, a watermark, plain
 * text, malformed) is decoded and takes the exact path, `parseLine`, with `feedLine`'s outcomes.
 * Lines end at `\n` (a `\r` before it is dropped); the last may lack one, so pass whole lines
 * (`ByteLineReader` carries a partial line between chunks). A line longer than `maxLineBytes`
 * is counted malformed without being read, as the line splitter drops it.
 */
export function feedBytes(
  counter: ScanCounter,
  buf: Buffer,
  start: number,
  end: number,
  tally: LineTally,
  mode: LineMode = 'auto',
  maxLineBytes = MAX_LINE_BYTES,
): void {
  let pos = start;
  while (pos < end) {
    tally.lines++;
    const next = scanLineBytes(buf, pos, end, scanned);
    if (next !== DECLINE && next - pos <= maxLineBytes) {
      counter.addScanned(scanned, buf);
      tally.tweets++;
      pos = next;
      continue;
    }
    const nl = buf.indexOf(LF, pos);
    const lineEnd = nl < 0 || nl >= end ? end : nl;
    const stop = lineEnd > pos && buf[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
    if (stop - pos > maxLineBytes) {
      tally.lines--;
      counter.malformed();
    } else {
      feedDecoded(counter, buf.toString('utf8', pos, stop), mode, tally);
    }
    pos = lineEnd + 1;
  }
}

/** `feedLine`'s switch, for a line the byte path did not read. */
function feedDecoded(counter: ScanCounter, line: string, mode: LineMode, tally: LineTally): void {
  const r = parseLine(line, mode);
  switch (r.kind) {
    case 'tweets':
      for (const t of r.tweets) counter.addTweet(t);
      tally.tweets += r.tweets.length;
      return;
    case 'watermark':
      tally.watermarks++;
      counter.watermarkAt(r.time);
      if (r.stream === 'end') counter.end();
      return;
    case 'malformed':
      tally.malformed++;
      counter.malformed();
      return;
    case 'skip':
      tally.skipped++;
      return;
    case 'blank':
      tally.blank++;
      return;
  }
}
