/**
 * Gives each distinct byte string a dense id, looked up from bytes in place: an open-addressing
 * table (linear probing, at most half full) whose cells hold, beside id + 1, the caller's hash
 * and where the bytes lie in one growable arena (start and length). A probe therefore rejects
 * other strings without leaving the cell, and a hit reads the cell and the arena only: with the
 * span kept in a column by id instead, a lookup in a table of tens of thousands of hashtags
 * missed the cache three times, not twice (measured: `TagForms`' lookups, the largest item of
 * `tagstream count`'s profile). Nothing is allocated per lookup, and no string is made. Written
 * by hand because a `Map` needs a string key, and making one per hashtag is the cost the byte
 * path exists to avoid.
 */
export class ByteInterner {
  /** CELL int32 per cell: the hash, id + 1 (0: empty), the bytes' start in the arena, their length. */
  private cells = new Int32Array(1024 * CELL);
  private mask = 1023;
  private arena = new Uint8Array(4096);
  private used = 0;
  /** How many byte strings have ids (ids are 0 … size − 1). */
  size = 0;

  /** The id of bytes `[start, end)` of `buf`, whose hash (`hashBytes`) is `hash`, or -1. */
  find(buf: Uint8Array, start: number, end: number, hash: number): number {
    const length = end - start;
    const cells = this.cells;
    const mask = this.mask;
    for (let cell = mix(hash) & mask; ; cell = (cell + 1) & mask) {
      const at = cell * CELL;
      const entry = cells[at + 1]!;
      if (entry === 0) return -1;
      if (cells[at] !== hash || cells[at + 3] !== length) continue;
      const from = cells[at + 2]!;
      const arena = this.arena;
      let k = 0;
      while (k < length && arena[from + k] === buf[start + k]) k++;
      if (k === length) return entry - 1;
    }
  }

  /** Gives bytes `[start, end)` (not yet held), whose hash is `hash`, the next id and returns it. */
  add(buf: Uint8Array, start: number, end: number, hash: number): number {
    const id = this.size++;
    const length = end - start;
    if (this.used + length > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, this.used + length));
      arena.set(this.arena.subarray(0, this.used));
      this.arena = arena;
    }
    this.arena.set(buf.subarray(start, end), this.used);
    if (this.size * 2 > this.mask + 1) this.growCells();
    this.place(hash, id + 1, this.used, length);
    this.used += length;
    return id;
  }

  private place(hash: number, entry: number, from: number, length: number): void {
    let cell = mix(hash) & this.mask;
    while (this.cells[cell * CELL + 1] !== 0) cell = (cell + 1) & this.mask;
    const at = cell * CELL;
    this.cells[at] = hash;
    this.cells[at + 1] = entry;
    this.cells[at + 2] = from;
    this.cells[at + 3] = length;
  }

  private growCells(): void {
    const old = this.cells;
    this.cells = new Int32Array(old.length * 2);
    this.mask = this.cells.length / CELL - 1;
    for (let c = 0; c < old.length; c += CELL) {
      if (old[c + 1] !== 0) this.place(old[c]!, old[c + 1]!, old[c + 2]!, old[c + 3]!);
    }
  }
}

/** Int32 values per cell. */
const CELL = 4;

/** Spreads a hash's bits (murmur3's finalizer), so an FNV hash's low bits can pick the cell. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
