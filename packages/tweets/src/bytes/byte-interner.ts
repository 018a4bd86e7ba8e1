/**
 * Gives each distinct byte string a dense id, looked up from bytes in place: an open-addressing
 * table (linear probing, at most half full) whose cells hold id + 1, over columns per id (the
 * caller's hash, the bytes' place in one growable arena, their length). Nothing is allocated per
 * lookup, and no string is made. Written by hand because a `Map` needs a string key, and making
 * one per hashtag is the cost the byte path exists to avoid.
 */
export class ByteInterner {
  private cells = new Int32Array(1024);
  private mask = 1023;
  private hashes = new Int32Array(256);
  private offsets = new Int32Array(256);
  private lengths = new Int32Array(256);
  private arena = new Uint8Array(4096);
  private used = 0;
  /** How many byte strings have ids (ids are 0 … size − 1). */
  size = 0;

  /** The id of bytes `[start, end)` of `buf`, whose hash (`hashBytes`) is `hash`, or -1. */
  find(buf: Uint8Array, start: number, end: number, hash: number): number {
    const length = end - start;
    const arena = this.arena;
    for (let cell = mix(hash) & this.mask; ; cell = (cell + 1) & this.mask) {
      const entry = this.cells[cell]!;
      if (entry === 0) return -1;
      const id = entry - 1;
      if (this.hashes[id] !== hash || this.lengths[id] !== length) continue;
      const at = this.offsets[id]!;
      let k = 0;
      while (k < length && arena[at + k] === buf[start + k]) k++;
      if (k === length) return id;
    }
  }

  /** Gives bytes `[start, end)` (not yet held) the next id and returns it. */
  add(buf: Uint8Array, start: number, end: number, hash: number): number {
    const id = this.size++;
    if (id === this.hashes.length) this.growColumns();
    const length = end - start;
    if (this.used + length > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, this.used + length));
      arena.set(this.arena.subarray(0, this.used));
      this.arena = arena;
    }
    this.arena.set(buf.subarray(start, end), this.used);
    this.hashes[id] = hash;
    this.offsets[id] = this.used;
    this.lengths[id] = length;
    this.used += length;
    if (this.size * 2 > this.cells.length) this.growCells();
    else this.place(id);
    return id;
  }

  /** The bytes of `id` (a view into the arena: read it before the next `add`). */
  bytesOf(id: number): Uint8Array {
    const at = this.offsets[id]!;
    return this.arena.subarray(at, at + this.lengths[id]!);
  }

  private place(id: number): void {
    let cell = mix(this.hashes[id]!) & this.mask;
    while (this.cells[cell] !== 0) cell = (cell + 1) & this.mask;
    this.cells[cell] = id + 1;
  }

  private growColumns(): void {
    const size = this.hashes.length * 2;
    const widen = (from: Int32Array): Int32Array<ArrayBuffer> => {
      const to = new Int32Array(size);
      to.set(from);
      return to;
    };
    this.hashes = widen(this.hashes);
    this.offsets = widen(this.offsets);
    this.lengths = widen(this.lengths);
  }

  private growCells(): void {
    this.cells = new Int32Array(this.cells.length * 2);
    this.mask = this.cells.length - 1;
    for (let id = 0; id < this.size; id++) this.place(id);
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
