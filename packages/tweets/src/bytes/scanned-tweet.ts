/**
 * What the byte-level scanner read from one line: the few facts counting needs, as numbers and
 * byte offsets into the line's buffer, never as strings. One instance is reused line after line
 * (the scanner overwrites it), so reading a line allocates nothing.
 */
export class ScannedTweet {
  /**
   * The id's digit count: 0 when the tweet has no id; 1 to 19 when `idHigh`/`idLow` hold it
   * (`idHigh · 10^9 + idLow`, the digit count keeping `0012` apart from `12`); `LONG_ID` when
   * it has 20 digits or more (then only `idStart`/`idEnd` locate them, and the caller makes a
   * string: no X id is that long).
   */
  idDigits = 0;
  /** The digits before the last nine, as a number below 10^10 (exact in a double). */
  idHigh = 0;
  /** The last nine digits. */
  idLow = 0;
  /** Byte range of the id's digits in the buffer. */
  idStart = 0;
  idEnd = 0;
  /** Event time in epoch milliseconds (the scanner declines tweets whose time it cannot read). */
  time = 0;
  retweet = false;
  /** How many hashtags, in text order, duplicates included: `tagStart`… hold them from `tagOffset` on. */
  tags = 0;
  /**
   * Where this tweet's hashtags start in `tagStart`, `tagEnd` and `tagHash`: 0 as the scanner
   * fills them; a holder of many scanned tweets may point the arrays at its own columns instead
   * of copying (`EventTimeOrder`), and must then set them back before scanning into this object.
   */
  tagOffset = 0;
  /** Byte range of each hashtag's text (without its sign) in the buffer. */
  tagStart = new Int32Array(16);
  tagEnd = new Int32Array(16);
  /** `hashBytes` of each hashtag's bytes, computed while scanning them. */
  tagHash = new Int32Array(16);

  /** Appends one hashtag. */
  pushTag(start: number, end: number, hash: number): void {
    const n = this.tags;
    if (n === this.tagStart.length) this.growTags();
    this.tagStart[n] = start;
    this.tagEnd[n] = end;
    this.tagHash[n] = hash;
    this.tags = n + 1;
  }

  private growTags(): void {
    const size = this.tagStart.length * 2;
    const start = new Int32Array(size);
    const end = new Int32Array(size);
    const hash = new Int32Array(size);
    start.set(this.tagStart);
    end.set(this.tagEnd);
    hash.set(this.tagHash);
    this.tagStart = start;
    this.tagEnd = end;
    this.tagHash = hash;
  }
}

/** `ScannedTweet.idDigits` of an id of 20 digits or more. */
export const LONG_ID = -1;

/** The FNV-1a offset basis: a tag's hash starts here. */
export const HASH_SEED = 0x811c9dc5 | 0;
/** The FNV-1a prime: each byte is xor-ed in, then multiplied by it. */
export const HASH_PRIME = 0x01000193;

/**
 * The 32-bit hash of bytes `[start, end)` that the scanner computes inline for each hashtag
 * (FNV-1a: one xor and one multiply a byte). Tables mix it further before using its bits.
 */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = HASH_SEED;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, HASH_PRIME);
  return h;
}
