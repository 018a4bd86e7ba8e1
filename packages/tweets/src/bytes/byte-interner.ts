/**
 * Gives each distinct byte string a dense id, looked up from bytes in place: an open-addressing
 * table (linear probing, at most half full) whose cells hold the caller's hash beside id + 1 (so
 * a probe rejects other strings without leaving the cell's cache line), over two columns per id
 * (the bytes' place in one growable arena, and their length). Nothing is allocated per lookup,
 * and no string is made. Written by hand because a `Map` needs a string key, and making one per
 * hashtag is the cost the byte path exists to avoid.
 */
export class ByteInterner {
  /** Two int32 per cell: the hash, then id + 1 (0: empty). */
  private cells = new Int32Array(2048);
  private mask = 1023;
  /** Two int32 per id: where its bytes start in the arena, and how many. */
  private spans = new Int32Array(512);
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
      const entry = cells[2 * cell + 1]!;
      if (entry === 0) return -1;
      if (cells[2 * cell] !== hash) continue;
      const id = entry - 1;
      if (this.spans[2 * id + 1] !== length) continue;
      const at = this.spans[2 * id]!;
      const arena = this.arena;
      let k = 0;
      while (k < length && arena[at + k] === buf[start + k]) k++;
      if (k === length) return id;
    }
  }

  /** Gives bytes `[start, end)` (not yet held), whose hash is `hash`, the next id and returns it. */
  add(buf: Uint8Array, start: number, end: number, hash: number): number {
    const id = this.size++;
    if (2 * id === this.spans.length) {
      const spans = new Int32Array(this.spans.length * 2);
      spans.set(this.spans);
      this.spans = spans;
    }
    const length = end - start;
    if (this.used + length > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, this.used + length));
      arena.set(this.arena.subarray(0, this.used));
      this.arena = arena;
    }
    this.arena.set(buf.subarray(start, end), this.used);
    this.spans[2 * id] = this.used;
    this.spans[2 * id + 1] = length;
    this.used += length;
    if (this.size * 2 > this.mask + 1) this.growCells();
    this.place(id, hash);
    return id;
  }

  /** The bytes of `id` (a view into the arena: read it before the next `add`). */
  bytesOf(id: number): Uint8Array {
    const at = this.spans[2 * id]!;
    return this.arena.subarray(at, at + this.spans[2 * id + 1]!);
  }

  private place(id: number, hash: number): void {
    let cell = mix(hash) & this.mask;
    while (this.cells[2 * cell + 1] !== 0) cell = (cell + 1) & this.mask;
    this.cells[2 * cell] = hash;
    this.cells[2 * cell + 1] = id + 1;
  }

  private growCells(): void {
    const old = this.cells;
    this.cells = new Int32Array(old.length * 2);
    this.mask = this.cells.length / 2 - 1;
    for (let c = 0; c < old.length; c += 2) if (old[c + 1] !== 0) this.place(old[c + 1]! - 1, old[c]!);
  }
}

/** Spreads a hash's bits (murmur3's finalizer), so an FNV hash's low bits can pick the cell. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
