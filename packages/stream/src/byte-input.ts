import { DECLINE, scanLineBytes, ScannedTweet, type LineMode } from '@tagstream/tweets';
import { feedLineText, type LineTarget, type LineTally } from './line-input.ts';

const LF = 0x0a;
const CR = 0x0d;

/** Longest line kept, in bytes without its terminator: DESIGN §3 drops longer ones (as `LineSplitter`). */
export const MAX_LINE_BYTES = 1024 * 1024;

const scanned = new ScannedTweet();

/**
 * Feeds the lines of `buf[start, end)` to `target` as `feedLine` feeds strings, with the same
 * outcomes (DESIGN.md §3): each line the byte-level reader reads (our normalized lines, raw X
 * API v2 lines) is counted from its bytes, without a string or an object; any other line
 * (declined, a watermark, plain text, malformed) is decoded and takes the exact path. Lines end
 * at `\n` (a `\r` before it is dropped); the last may lack one, so pass whole lines
 * (`ByteLineReader` carries a partial line between chunks). A line longer than `maxLineBytes` is
 * counted malformed without being read, as the line splitter drops it (and in `tally.oversized`).
 */
export function feedBytes(
  target: LineTarget,
  buf: Buffer,
  start: number,
  end: number,
  tally: LineTally,
  mode: LineMode = 'auto',
  maxLineBytes = MAX_LINE_BYTES,
): void {
  const scan = target.takesScanned;
  let pos = start;
  while (pos < end) {
    if (scan) {
      const next = scanLineBytes(buf, pos, end, scanned);
      if (next !== DECLINE && next - pos <= maxLineBytes) {
        let stop = next;
        if (stop > pos && buf[stop - 1] === LF) stop--;
        if (stop > pos && buf[stop - 1] === CR) stop--;
        tally.lines++;
        tally.tweets++;
        target.addScanned(scanned, buf, pos, stop);
        pos = next;
        continue;
      }
    }
    const nl = buf.indexOf(LF, pos);
    const lineEnd = nl < 0 || nl >= end ? end : nl;
    const stop = lineEnd > pos && buf[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
    if (stop - pos > maxLineBytes) {
      tally.oversized++;
      target.malformed();
    } else {
      tally.lines++;
      feedLineText(target, buf.toString('utf8', pos, stop), mode, tally);
    }
    pos = lineEnd + 1;
  }
}
