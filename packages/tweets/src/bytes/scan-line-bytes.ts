import { scanNormalizedBytes } from './scan-normalized-bytes.ts';
import { scanV2Bytes } from './scan-v2-bytes.ts';
import type { ScannedTweet } from './scanned-tweet.ts';
import { DECLINE } from './text-tags.ts';

const LF = 0x0a;
const CR = 0x0d;

/**
 * The byte path's reading of one line: our own normalized line (`{"id":…`) or a raw X API v2
 * stream line (`{"data":…`), from `start` in `buf`, into `out` (overwritten). `limit` is the end
 * of the bytes at hand: the end of the input, or of a run of complete lines. Returns the position
 * just past the line's terminator (`\n` or `\r\n`; `limit` for a last line without one), or
 * DECLINE: then the line (up to its `\n`) takes the exact path, `parseLine` and
 * `extractHashtags`, whose reading the byte path gives whenever it does not decline.
 */
export function scanLineBytes(buf: Uint8Array, start: number, limit: number, out: ScannedTweet): number {
  if (buf[start] !== 0x7b || buf[start + 1] !== 0x22) return DECLINE;
  const kind = buf[start + 2];
  let close: number;
  if (kind === 0x69 /* i */) close = scanNormalizedBytes(buf, start, limit, out);
  else if (kind === 0x64 /* d */) close = scanV2Bytes(buf, start, limit, out);
  else return DECLINE;
  if (close < 0) return DECLINE;
  const next = buf[close];
  if (next === LF) return close + 1;
  if (next === CR && buf[close + 1] === LF) return close + 2;
  return close === limit ? close : DECLINE;
}
