/**
 * Tweet ids counted within the dedup horizon, so re-delivered tweets (reconnects,
 * replays after a restart) are not counted twice. Bounded: past `maxIds` the
 * oldest-inserted ids are forgotten first and counted in `evicted`.
 *
 * Hand-written rather than a `Map<string, number>`: on the per-tweet path that
 * Map was the largest single cost in the profile (issue 7), because it keeps
 * every id string alive, so each young-generation collection copies up to
 * two million of them, and each lookup chases pointers through a large table.
 * Here an id of decimal digits (every id a normalizer produces) is stored as
 * numbers in typed arrays: a ring in insertion order (for eviction, expiry and
 * checkpoints) and an open-addressing index over it. Any other string (the
 * class accepts them) is kept in a small Map beside it, in the same ring order.
 */
export class RecentIds {
  evicted = 0;
  /** Ring capacity, a power of two; grows by doubling up to what maxIds needs. */
  private cap = 0;
  /** Ring position of the oldest entry. */
  private head = 0;
  private count = 0;
  /** Per ring slot: the digits before the last nine (as a number), the last nine, the digit count (0: a string id). */
  private hi = new Float64Array(0);
  private lo = new Int32Array(0);
  private len = new Uint8Array(0);
  private time = new Float64Array(0);
  /**
   * The index: cells of two ints, [ring slot + 1 (0: empty), the id's 32-bit hash], linear
   * probing, twice as many cells as ring slots. The hash beside the slot lets a probe
   * reject other ids, and deletion find each entry's home cell, without touching the ring:
   * each ring access is another cache miss in tables of millions.
   */
  private table = new Int32Array(0);
  /** Ids that are not short digit strings, and the id at each ring slot holding one. */
  private readonly others = new Set<string>();
  /** The hash `find` last computed, reused when the id is then inserted. */
  private lastHash = 0;
  private otherAt: (string | undefined)[] = [];

  constructor(
    private readonly horizonMs: number,
    private readonly maxIds: number,
  ) {}

  get size(): number {
    return this.count;
  }

  /** Records `id`; returns false when it was already there (a duplicate). */
  add(id: string, time: number): boolean {
    const numeric = parseDigits(id);
    let cell = -1;
    if (numeric) {
      cell = this.find(parsedHi, parsedLo, parsedLen);
      if (this.table.length > 0 && this.table[2 * cell] !== 0) return false;
    } else if (this.others.has(id)) {
      return false;
    }
    if (this.count === this.cap) {
      this.grow();
      if (numeric) cell = this.find(parsedHi, parsedLo, parsedLen);
    }
    const slot = (this.head + this.count) & (this.cap - 1);
    this.time[slot] = time;
    if (numeric) {
      this.hi[slot] = parsedHi;
      this.lo[slot] = parsedLo;
      this.len[slot] = parsedLen;
      this.table[2 * cell] = slot + 1;
      this.table[2 * cell + 1] = this.lastHash;
    } else {
      this.len[slot] = 0;
      this.others.add(id);
      this.otherAt[slot] = id;
    }
    this.count++;
    if (this.count > this.maxIds) {
      this.removeOldest();
      this.evicted++;
    }
    return true;
  }

  /** Forgets ids older than the horizon behind `watermark`, oldest first, stopping at the first recent one. */
  expire(watermark: number): void {
    const cutoff = watermark - this.horizonMs;
    // `!(t >= cutoff)` rather than `t < cutoff`: NaN behaves as it did in the Map this replaces.
    while (this.count > 0 && !(this.time[this.head]! >= cutoff)) this.removeOldest();
  }

  /** The ids and their times, oldest first (for checkpoints). */
  *entries(): IterableIterator<[string, number]> {
    const mask = this.cap - 1;
    for (let k = 0; k < this.count; k++) {
      const slot = (this.head + k) & mask;
      yield [this.idAt(slot), this.time[slot]!];
    }
  }

  private idAt(slot: number): string {
    const len = this.len[slot]!;
    if (len === 0) return this.otherAt[slot]!;
    const lo = String(this.lo[slot]!);
    if (len <= 9) return lo.padStart(len, '0');
    return String(this.hi[slot]!).padStart(len - 9, '0') + lo.padStart(9, '0');
  }

  /** The table cell holding this numeric id, or the empty cell where it would go. */
  private find(hi: number, lo: number, len: number): number {
    const table = this.table;
    if (table.length === 0) return 0;
    const mask = (table.length >> 1) - 1;
    const hash = hashOf(hi, lo, len);
    this.lastHash = hash;
    for (let cell = hash & mask; ; cell = (cell + 1) & mask) {
      const entry = table[2 * cell]!;
      if (entry === 0) return cell;
      if (table[2 * cell + 1] !== hash) continue;
      const slot = entry - 1;
      if (this.lo[slot] === lo && this.hi[slot] === hi && this.len[slot] === len) return cell;
    }
  }

  private removeOldest(): void {
    const slot = this.head;
    const len = this.len[slot]!;
    if (len === 0) {
      this.others.delete(this.otherAt[slot]!);
      this.otherAt[slot] = undefined;
    } else {
      this.deleteCell(this.find(this.hi[slot]!, this.lo[slot]!, len));
    }
    this.head = (this.head + 1) & (this.cap - 1);
    this.count--;
  }

  /** Linear-probing deletion by backward shift: no tombstones, so lookups never slow down with churn. */
  private deleteCell(hole: number): void {
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    table[2 * hole] = 0;
    for (let cell = (hole + 1) & mask; table[2 * cell] !== 0; cell = (cell + 1) & mask) {
      const home = table[2 * cell + 1]! & mask;
      // The entry may move into the hole unless its home lies cyclically in (hole, cell].
      const stays = hole <= cell ? hole < home && home <= cell : hole < home || home <= cell;
      if (stays) continue;
      table[2 * hole] = table[2 * cell]!;
      table[2 * hole + 1] = table[2 * cell + 1]!;
      table[2 * cell] = 0;
      hole = cell;
    }
  }

  /**
   * Grows the ring fourfold (oldest entry to slot 0; never past what maxIds needs) and
   * rebuilds the index at twice its size. Fourfold rather than twofold: each rebuild
   * writes every entry to a random cell, and the profile showed the rebuilds.
   */
  private grow(): void {
    const oldCap = this.cap;
    let need = 1;
    while (need < this.maxIds + 1) need *= 2;
    const cap = Math.min(oldCap === 0 ? 1024 : oldCap * 4, Math.max(need, oldCap * 2));
    const hi = new Float64Array(cap);
    const lo = new Int32Array(cap);
    const len = new Uint8Array(cap);
    const time = new Float64Array(cap);
    const otherAt: (string | undefined)[] = this.others.size > 0 ? new Array<string | undefined>(cap) : [];
    for (let k = 0; k < this.count; k++) {
      const from = (this.head + k) & (oldCap - 1);
      hi[k] = this.hi[from]!;
      lo[k] = this.lo[from]!;
      len[k] = this.len[from]!;
      time[k] = this.time[from]!;
      if (len[k] === 0) otherAt[k] = this.otherAt[from];
    }
    this.hi = hi;
    this.lo = lo;
    this.len = len;
    this.time = time;
    this.otherAt = otherAt;
    this.cap = cap;
    this.head = 0;
    const table = new Int32Array(cap * 4);
    const mask = cap * 2 - 1;
    for (let k = 0; k < this.count; k++) {
      if (len[k] === 0) continue;
      const hash = hashOf(hi[k]!, lo[k]!, len[k]!);
      let cell = hash & mask;
      while (table[2 * cell] !== 0) cell = (cell + 1) & mask;
      table[2 * cell] = k + 1;
      table[2 * cell + 1] = hash;
    }
    this.table = table;
  }
}

// parseDigits' result (module variables: no object per id).
let parsedHi = 0;
let parsedLo = 0;
let parsedLen = 0;

/** Longest digit string stored as numbers: 15 digits in `hi` (exact in a double) and 9 in `lo`. */
const MAX_NUMERIC_DIGITS = 24;

/**
 * Splits an id of 1 to 24 decimal digits into its last nine digits and the rest,
 * with the digit count, so that leading zeros keep `0012` apart from `12`.
 * Returns false for any other string.
 */
function parseDigits(id: string): boolean {
  const n = id.length;
  if (n === 0 || n > MAX_NUMERIC_DIGITS) return false;
  const split = n > 9 ? n - 9 : 0;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < split; i++) {
    const d = id.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return false;
    hi = hi * 10 + d;
  }
  for (let i = split; i < n; i++) {
    const d = id.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return false;
    lo = lo * 10 + d;
  }
  parsedHi = hi;
  parsedLo = lo;
  parsedLen = n;
  return true;
}

function hashOf(hi: number, lo: number, len: number): number {
  let h = Math.imul(lo ^ len, 0x9e3779b1) ^ Math.imul(hi >>> 0, 0x85ebca77) ^ ((hi / 4294967296) | 0);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h;
}
