/**
 * Tweet ids counted within the dedup horizon, so re-delivered tweets (reconnects,
 * replays after a restart) are not counted twice. Bounded: past `maxIds` (at
 * most 2^27 − 1) the oldest-inserted ids are forgotten first and counted in `evicted`.
 *
 * Hand-written rather than a `Map<string, number>`: on the per-tweet path that
 * Map was the largest single cost in the profile (issue 7), because it keeps
 * every id string alive, so each young-generation collection copies up to
 * two million of them, and each lookup chases pointers through a large table.
 * Here an id of up to 19 decimal digits (every X/Twitter id: they are below 2^63)
 * is stored as numbers in typed arrays: a ring in insertion order (for eviction,
 * expiry and checkpoints) and an open-addressing index over it. Any other string
 * (the class accepts them; a normalizer passes longer digit strings) is kept in a
 * Set beside it, in the same ring order.
 *
 * A ring slot costs 21 bytes, 42 MiB at the default two million ids, against an
 * hour's retention budget of 300 MiB (DESIGN.md §10): the id in 9 (two int32 halves
 * and a byte of digit count), its time in 4 (an int32 offset from a base that moves
 * with the stream; 8 once a time needs a double), and two int32 index cells.
 */
export class RecentIds {
  evicted = 0;
  /** Ring capacity, a power of two; grows up to what maxIds needs. */
  private cap = 0;
  /** Ring position of the oldest entry. */
  private head = 0;
  private count = 0;
  /**
   * Per ring slot, an id of n ≤ 19 digits split as `hi · 10^9 + lo`: `lo` the last nine digits,
   * `hi` (< 10^10 < 2^34) the rest, its low 32 bits in `hi` and its top two in bits 5–6 of `len`,
   * whose bits 0–4 hold n so that leading zeros keep `0012` apart from `12` (0: a string id).
   */
  private hi = new Int32Array(0);
  private lo = new Int32Array(0);
  private len = new Uint8Array(0);
  /**
   * Per ring slot, the time as an offset from `timeBase`, exact for integer times within
   * ±2^31 ms of the base. The first time that cannot be held so (a fraction, NaN, an
   * infinity, -0, or a stream spanning more than about twelve days within the ring) moves
   * the times once to `absTime`, 8 bytes each but any number, where they then stay.
   */
  private relTime = new Int32Array(0);
  private timeBase = 0;
  private absTime: Float64Array | null = null;
  /**
   * The index, linear probing, twice as many cells as ring slots (2^slotBits). A cell packs,
   * from the low bits: the ring slot + 1 (0: empty) in `slotBits` bits; the entry's distance
   * past its home cell (the hash's low `slotBits` bits) in 4, 15 meaning 15 or more; and as
   * many of the hash's other bits as fit. Distance and hash bits let a probe reject other ids
   * without touching the ring (each ring access is another cache miss in tables of millions),
   * and the distance gives deletion each entry's home cell: recomputing it from the ring made
   * a full ring's insertions, each of which deletes the oldest, a third slower. Where the
   * whole hash is needed (a distance of 15 or more, rebuilding on growth) it is computed
   * again from the ring.
   */
  private table = new Int32Array(0);
  private slotBits = 0;
  /** 2^slotBits − 1: a cell's slot bits, and the table's cell numbers. */
  private slotMask = 0;
  /** The ids that are not short digit strings, and the id at each ring slot holding one. */
  private readonly others = new Set<string>();
  private otherAt: (string | undefined)[] = [];
  /** The hash `find` last computed, reused when the id is then inserted. */
  private lastHash = 0;

  /** maxIds, or one less than the largest ring (2^27 slots, 2.8 GB) when that is fewer. */
  private readonly limit: number;

  constructor(
    private readonly horizonMs: number,
    maxIds: number,
  ) {
    this.limit = Math.min(maxIds, MAX_CAP - 1);
  }

  get size(): number {
    return this.count;
  }

  /** Records `id`; returns false when it was already there (a duplicate). */
  add(id: string, time: number): boolean {
    const numeric = parseDigits(id);
    let cell = -1;
    if (numeric) {
      cell = this.find(parsedHi, parsedLo, parsedLen);
      if (this.table.length > 0 && this.table[cell] !== 0) return false;
    } else if (this.others.has(id)) {
      return false;
    }
    if (this.count === this.cap) {
      this.grow();
      if (numeric) cell = this.find(parsedHi, parsedLo, parsedLen);
    }
    const slot = (this.head + this.count) & (this.cap - 1);
    this.setTime(slot, time);
    if (numeric) {
      this.hi[slot] = parsedHi;
      this.lo[slot] = parsedLo;
      this.len[slot] = parsedLen;
      this.table[cell] = this.cellValue(this.lastHash, cell, slot);
    } else {
      this.len[slot] = 0;
      this.others.add(id);
      this.otherAt[slot] = id;
    }
    this.count++;
    if (this.count > this.limit) {
      this.removeOldest();
      this.evicted++;
    }
    return true;
  }

  /** Forgets ids older than the horizon behind `watermark`, oldest first, stopping at the first recent one. */
  expire(watermark: number): void {
    const cutoff = watermark - this.horizonMs;
    // `!(t >= cutoff)` rather than `t < cutoff`: NaN behaves as it did in the Map this replaces
    // (a NaN time is only ever held in `absTime`; `timeBase + offset` is exactly the time given).
    const abs = this.absTime;
    if (abs === null) {
      const rel = this.relTime;
      const base = this.timeBase;
      while (this.count > 0 && !(base + rel[this.head]! >= cutoff)) this.removeOldest();
    } else {
      while (this.count > 0 && !(abs[this.head]! >= cutoff)) this.removeOldest();
    }
  }

  /** The ids and their times, oldest first (for checkpoints). */
  *entries(): IterableIterator<[string, number]> {
    const mask = this.cap - 1;
    for (let k = 0; k < this.count; k++) {
      const slot = (this.head + k) & mask;
      yield [this.idAt(slot), this.timeAt(slot)];
    }
  }

  private idAt(slot: number): string {
    const packed = this.len[slot]!;
    if (packed === 0) return this.otherAt[slot]!;
    const len = packed & LEN_MASK;
    const lo = String(this.lo[slot]!);
    if (len <= 9) return lo.padStart(len, '0');
    const hi = (this.hi[slot]! >>> 0) + (packed >>> HI_TOP_SHIFT) * 4294967296;
    return String(hi).padStart(len - 9, '0') + lo.padStart(9, '0');
  }

  private timeAt(slot: number): number {
    return this.absTime === null ? this.timeBase + this.relTime[slot]! : this.absTime[slot]!;
  }

  private setTime(slot: number, time: number): void {
    if (this.absTime === null) {
      const offset = time - this.timeBase;
      // The sum catches an offset the subtraction rounded (a tiny fraction beside a large base);
      // the last test, -0, which an int32 offset would turn into 0.
      if ((offset | 0) === offset && this.timeBase + offset === time && (time !== 0 || 1 / time > 0)) {
        this.relTime[slot] = offset;
        return;
      }
      if (this.rebase(time)) {
        this.relTime[slot] = time - this.timeBase;
        return;
      }
      this.widenTimes();
    }
    this.absTime![slot] = time;
  }

  /**
   * Moves `timeBase` to the middle of the times held and `time` when they are all safe
   * integers within 2^30 ms (about twelve days) of one another: a live stream outruns any
   * fixed base within 24 days, though its ring spans minutes. Each move leaves 2^30 ms of
   * room either side, so the next succeeds only once every id held now is gone (no id is
   * scanned by two successful moves), and one that fails widens the times for good: the
   * scans cost no more than the insertions did.
   */
  private rebase(time: number): boolean {
    if (!Number.isSafeInteger(time) || (time === 0 && 1 / time < 0)) return false;
    const rel = this.relTime;
    const base = this.timeBase;
    const mask = this.cap - 1;
    let min = time;
    let max = time;
    for (let k = 0; k < this.count; k++) {
      const t = base + rel[(this.head + k) & mask]!;
      if (t < min) min = t;
      if (t > max) max = t;
    }
    if (max - min > REBASE_SPAN || !Number.isSafeInteger(min) || !Number.isSafeInteger(max)) return false;
    const to = min + Math.floor((max - min) / 2);
    for (let k = 0; k < this.count; k++) {
      const slot = (this.head + k) & mask;
      rel[slot] = base + rel[slot]! - to;
    }
    this.timeBase = to;
    return true;
  }

  private widenTimes(): void {
    const abs = new Float64Array(this.cap);
    const mask = this.cap - 1;
    for (let k = 0; k < this.count; k++) {
      const slot = (this.head + k) & mask;
      abs[slot] = this.timeBase + this.relTime[slot]!;
    }
    this.absTime = abs;
    this.relTime = new Int32Array(0);
  }

  /** The table cell holding this numeric id, or the empty cell where it would go. */
  private find(hi: number, lo: number, len: number): number {
    const table = this.table;
    if (table.length === 0) return 0;
    const mask = this.slotMask;
    const bits = this.slotBits;
    const hash = hashOf(hi, lo, len);
    this.lastHash = hash;
    const hashBits = hash & ~(mask | (MAX_DISTANCE << bits));
    for (let cell = hash & mask, distance = 0; ; cell = (cell + 1) & mask, distance++) {
      const entry = table[cell]!;
      if (entry === 0) return cell;
      const expected = hashBits | ((distance < MAX_DISTANCE ? distance : MAX_DISTANCE) << bits);
      if (((entry ^ expected) & ~mask) !== 0) continue;
      const slot = (entry & mask) - 1;
      if (this.lo[slot] === lo && this.hi[slot] === hi && this.len[slot] === len) return cell;
    }
  }

  /** The cell value for the entry at ring `slot` with this hash, placed at `cell`. */
  private cellValue(hash: number, cell: number, slot: number): number {
    const mask = this.slotMask;
    const bits = this.slotBits;
    const distance = (cell - hash) & mask;
    return (
      (hash & ~(mask | (MAX_DISTANCE << bits))) |
      ((distance < MAX_DISTANCE ? distance : MAX_DISTANCE) << bits) |
      (slot + 1)
    );
  }

  private removeOldest(): void {
    const slot = this.head;
    const len = this.len[slot]!;
    if (len === 0) {
      this.others.delete(this.otherAt[slot]!);
      this.otherAt[slot] = undefined;
    } else {
      // The slot is known, so the probe matches it in the cells alone, without comparing ids.
      const table = this.table;
      const mask = this.slotMask;
      let cell = hashOf(this.hi[slot]!, this.lo[slot]!, len) & mask;
      while ((table[cell]! & mask) !== slot + 1) cell = (cell + 1) & mask;
      this.deleteCell(cell);
    }
    this.head = (this.head + 1) & (this.cap - 1);
    this.count--;
  }

  /** Linear-probing deletion by backward shift: no tombstones, so lookups never slow down with churn. */
  private deleteCell(hole: number): void {
    const table = this.table;
    const mask = this.slotMask;
    const bits = this.slotBits;
    table[hole] = 0;
    for (let cell = (hole + 1) & mask; ; cell = (cell + 1) & mask) {
      const entry = table[cell]!;
      if (entry === 0) return;
      let distance = (entry >>> bits) & MAX_DISTANCE;
      if (distance === MAX_DISTANCE) {
        const slot = (entry & mask) - 1;
        distance = (cell - hashOf(this.hi[slot]!, this.lo[slot]!, this.len[slot]!)) & mask;
      }
      const home = (cell - distance) & mask;
      // The entry may move into the hole unless its home lies cyclically in (hole, cell].
      const stays = hole <= cell ? hole < home && home <= cell : hole < home || home <= cell;
      if (stays) continue;
      const moved = (hole - home) & mask;
      table[hole] =
        (entry & ~(MAX_DISTANCE << bits)) | ((moved < MAX_DISTANCE ? moved : MAX_DISTANCE) << bits);
      table[cell] = 0;
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
    while (need < this.limit + 1) need *= 2;
    const cap = Math.min(oldCap === 0 ? 1024 : oldCap * 4, Math.max(need, oldCap * 2));
    const hi = new Int32Array(cap);
    const lo = new Int32Array(cap);
    const len = new Uint8Array(cap);
    const relTime = this.absTime === null ? new Int32Array(cap) : this.relTime;
    const absTime = this.absTime === null ? null : new Float64Array(cap);
    const otherAt: (string | undefined)[] = this.others.size > 0 ? new Array<string | undefined>(cap) : [];
    for (let k = 0; k < this.count; k++) {
      const from = (this.head + k) & (oldCap - 1);
      hi[k] = this.hi[from]!;
      lo[k] = this.lo[from]!;
      len[k] = this.len[from]!;
      if (absTime === null) relTime[k] = this.relTime[from]!;
      else absTime[k] = this.absTime![from]!;
      if (len[k] === 0) otherAt[k] = this.otherAt[from];
    }
    this.hi = hi;
    this.lo = lo;
    this.len = len;
    this.relTime = relTime;
    this.absTime = absTime;
    this.otherAt = otherAt;
    this.cap = cap;
    this.head = 0;
    const table = new Int32Array(cap * 2);
    const mask = cap * 2 - 1;
    this.table = table;
    this.slotMask = mask;
    this.slotBits = Math.log2(cap) + 1;
    for (let k = 0; k < this.count; k++) {
      if (len[k] === 0) continue;
      const hash = hashOf(hi[k]!, lo[k]!, len[k]!);
      let cell = hash & mask;
      while (table[cell] !== 0) cell = (cell + 1) & mask;
      table[cell] = this.cellValue(hash, cell, k);
    }
  }
}

/**
 * Largest ring: slot + 1 then takes 28 bits of a cell and the distance the other 4. Past it,
 * ids are evicted whatever maxIds says: a larger maxIds means "no limit" more often than a
 * wish for 3 GB of ids, and evicting beats failing on the per-tweet path.
 */
const MAX_CAP = 2 ** 27;

/** The largest distance past its home cell a cell records; 15 means "15 or more: ask the hash". */
const MAX_DISTANCE = 15;

/** 2^30 ms: how close the times held must be for `timeBase` to move rather than times widen. */
const REBASE_SPAN = 2 ** 30;

// parseDigits' result (module variables: no object per id).
let parsedHi = 0;
let parsedLo = 0;
let parsedLen = 0;

/**
 * Longest digit string stored as numbers: then the digits before the last nine are below
 * 10^10 < 2^34, 32 bits in `hi` and 2 in the length byte. Longer ones go to the Set.
 */
const MAX_NUMERIC_DIGITS = 19;
const LEN_MASK = 0x1f;
const HI_TOP_SHIFT = 5;

/**
 * Splits an id of 1 to 19 decimal digits into its last nine digits and the rest, the
 * rest's low 32 bits in `parsedHi` and its top bits beside the digit count in `parsedLen`.
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
  parsedHi = hi | 0;
  parsedLo = lo;
  parsedLen = n | ((hi / 4294967296) << HI_TOP_SHIFT);
  return true;
}

/** The 32-bit hash of a parsed id (`hi` and `len` as stored). */
function hashOf(hi: number, lo: number, len: number): number {
  let h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77) ^ Math.imul(len, 0xc2b2ae3d);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h;
}

/** `hashOf` of an id of digits, or undefined for an id kept in the Set: lets tests build colliding ids. */
export function hashOfId(id: string): number | undefined {
  return parseDigits(id) ? hashOf(parsedHi, parsedLo, parsedLen) : undefined;
}
