import {
  compareIds,
  hashOf,
  idString,
  packLen,
  parseDigits,
  parsedHi,
  parsedLen,
  parsedLo,
} from './digit-ids.ts';
import { RingTimes, type RingSpan } from './ring-times.ts';

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
 * and a byte of digit count, `digit-ids.ts`), its time in 4 (`RingTimes`), and two
 * int32 index cells.
 *
 * Ids that arrive in increasing order skip the index (issue 19: a probe of a table of
 * millions is a cache miss per tweet, a quarter of the byte path's time). A stream's
 * Snowflake ids grow with their time, so most ids are above every id held: those are new
 * without a lookup, and they are appended to a sorted run at the ring's end (the "tail")
 * that the index does not cover; an id not above them is looked for in the index and by
 * binary search in the tail. An id that is new but out of order first moves the tail into
 * the index (the inserts the tail had put off), so the ring is always an indexed part
 * followed by the tail: in the worst case every id is indexed once, as before.
 */
export class RecentIds implements RingSpan {
  evicted = 0;
  /** Ring capacity, a power of two; grows up to what maxIds needs (read by `RingTimes`). */
  cap = 0;
  /** Ring position of the oldest entry. */
  head = 0;
  /** Entries held. */
  count = 0;
  /** Per ring slot, the stored id (`digit-ids.ts`; `len` 0: a string id, kept in `others`). */
  private hi = new Int32Array(0);
  private lo = new Int32Array(0);
  private len = new Uint8Array(0);
  private readonly times = new RingTimes();
  /**
   * Entries from this position (counted from the head) to the end are the tail: numeric ids in
   * increasing order that the index does not hold. The entries before it are indexed (or strings).
   */
  private tailFrom = 0;
  /** The largest numeric id the index may hold (an upper bound), for the no-lookup test; none while hasIndexedMax is false. */
  private indexedMaxHi = 0;
  private indexedMaxLo = 0;
  private indexedMaxLen = 0;
  private hasIndexedMax = false;
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
    if (parseDigits(id)) return this.addStored(parsedHi, parsedLo, parsedLen, time);
    if (this.others.has(id)) return false;
    // The ring must stay an indexed part and then the tail: a string joins the indexed part.
    this.indexTail();
    const slot = this.append(time);
    this.len[slot] = 0;
    this.others.add(id);
    this.otherAt[slot] = id;
    this.afterAppend(true);
    return true;
  }

  /**
   * Records the id of `digits` (1–19) decimal digits `high · 10^9 + low` (`high` below 10^10), as
   * the byte-level reader gives it: no string is made. The same id as `add` would record for its
   * digits; returns false when it was already there.
   */
  addDigits(high: number, low: number, digits: number, time: number): boolean {
    return this.addStored(high | 0, low, packLen(high, digits), time);
  }

  /** Forgets ids older than the horizon behind `watermark`, oldest first, stopping at the first recent one. */
  expire(watermark: number): void {
    const cutoff = watermark - this.horizonMs;
    while (this.count > 0 && this.times.before(this.head, cutoff)) this.removeOldest();
  }

  /** The ids and their times, oldest first (for checkpoints). */
  *entries(): IterableIterator<[string, number]> {
    const mask = this.cap - 1;
    for (let k = 0; k < this.count; k++) {
      const slot = (this.head + k) & mask;
      const len = this.len[slot]!;
      const id = len === 0 ? this.otherAt[slot]! : idString(this.hi[slot]!, this.lo[slot]!, len);
      yield [id, this.times.get(slot)];
    }
  }

  private addStored(hi: number, lo: number, len: number, time: number): boolean {
    const tail = this.count - this.tailFrom;
    const aboveTail =
      tail === 0 || this.compareAt((this.head + this.count - 1) & (this.cap - 1), hi, lo, len) < 0;
    const aboveIndex =
      !this.hasIndexedMax ||
      compareIds(this.indexedMaxHi, this.indexedMaxLo, this.indexedMaxLen, hi, lo, len) < 0;
    if (aboveTail && aboveIndex) {
      // Above every id held: new, and the tail stays sorted with it at its end.
      const slot = this.append(time);
      this.store(slot, hi, lo, len);
      this.afterAppend(false);
      return true;
    }
    if (this.table.length > 0 && this.table[this.find(hi, lo, len)] !== 0) return false;
    if (!aboveTail && this.inTail(hi, lo, len)) return false;
    this.indexTail();
    const slot = this.append(time);
    this.store(slot, hi, lo, len);
    this.insert(slot);
    this.afterAppend(true);
    return true;
  }

  /** Takes the next ring slot for an entry of this time (the ring grows first when full). */
  private append(time: number): number {
    if (this.count === this.cap) this.grow();
    const slot = (this.head + this.count) & (this.cap - 1);
    this.times.set(slot, time, this);
    return slot;
  }

  private store(slot: number, hi: number, lo: number, len: number): void {
    this.hi[slot] = hi;
    this.lo[slot] = lo;
    this.len[slot] = len;
  }

  /** Counts the entry just stored (`indexed`: in the index or a string, so the tail is empty); past the limit the oldest goes. */
  private afterAppend(indexed: boolean): void {
    this.count++;
    if (indexed) this.tailFrom = this.count;
    if (this.count > this.limit) {
      this.removeOldest();
      this.evicted++;
    }
  }

  /** The stored id at ring `slot` against (hi, lo, len), as `compareIds`. */
  private compareAt(slot: number, hi: number, lo: number, len: number): number {
    return compareIds(this.hi[slot]!, this.lo[slot]!, this.len[slot]!, hi, lo, len);
  }

  /** Whether the tail holds the id: a binary search, the tail being sorted. */
  private inTail(hi: number, lo: number, len: number): boolean {
    const mask = this.cap - 1;
    let from = this.tailFrom;
    let to = this.count;
    while (from < to) {
      const mid = (from + to) >> 1;
      const c = this.compareAt((this.head + mid) & mask, hi, lo, len);
      if (c === 0) return true;
      if (c < 0) from = mid + 1;
      else to = mid;
    }
    return false;
  }

  /** Moves the tail into the index, so that entries may follow it out of order. */
  private indexTail(): void {
    const mask = this.cap - 1;
    for (let k = this.tailFrom; k < this.count; k++) this.insert((this.head + k) & mask);
    this.tailFrom = this.count;
  }

  /** Adds the numeric entry at ring `slot` to the index (it is not there yet). */
  private insert(slot: number): void {
    const hi = this.hi[slot]!;
    const lo = this.lo[slot]!;
    const len = this.len[slot]!;
    const hash = hashOf(hi, lo, len);
    const mask = this.slotMask;
    let cell = hash & mask;
    while (this.table[cell] !== 0) cell = (cell + 1) & mask;
    this.table[cell] = this.cellValue(hash, cell, slot);
    if (
      !this.hasIndexedMax ||
      compareIds(this.indexedMaxHi, this.indexedMaxLo, this.indexedMaxLen, hi, lo, len) < 0
    ) {
      this.indexedMaxHi = hi;
      this.indexedMaxLo = lo;
      this.indexedMaxLen = len;
      this.hasIndexedMax = true;
    }
  }

  /** The table cell holding this numeric id, or the empty cell where it would go. */
  private find(hi: number, lo: number, len: number): number {
    const table = this.table;
    const mask = this.slotMask;
    const bits = this.slotBits;
    const hash = hashOf(hi, lo, len);
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
    } else if (this.tailFrom > 0) {
      // An indexed entry. The slot is known, so the probe matches it in the cells alone.
      const table = this.table;
      const mask = this.slotMask;
      let cell = hashOf(this.hi[slot]!, this.lo[slot]!, len) & mask;
      while ((table[cell]! & mask) !== slot + 1) cell = (cell + 1) & mask;
      this.deleteCell(cell);
    }
    this.head = (this.head + 1) & (this.cap - 1);
    this.count--;
    if (this.tailFrom > 0) this.tailFrom--;
    // Nothing indexed is left: no indexed id can be above a new one.
    if (this.tailFrom === 0) this.hasIndexedMax = false;
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
   * writes every indexed entry to a random cell, and the profile showed the rebuilds.
   */
  private grow(): void {
    const oldCap = this.cap;
    let need = 1;
    while (need < this.limit + 1) need *= 2;
    const cap = Math.min(oldCap === 0 ? 1024 : oldCap * 4, Math.max(need, oldCap * 2));
    const hi = new Int32Array(cap);
    const lo = new Int32Array(cap);
    const len = new Uint8Array(cap);
    const otherAt: (string | undefined)[] = this.others.size > 0 ? new Array<string | undefined>(cap) : [];
    for (let k = 0; k < this.count; k++) {
      const from = (this.head + k) & (oldCap - 1);
      hi[k] = this.hi[from]!;
      lo[k] = this.lo[from]!;
      len[k] = this.len[from]!;
      if (len[k] === 0) otherAt[k] = this.otherAt[from];
    }
    this.times.resize(cap, this);
    this.hi = hi;
    this.lo = lo;
    this.len = len;
    this.otherAt = otherAt;
    this.cap = cap;
    this.head = 0;
    this.table = new Int32Array(cap * 2);
    this.slotMask = cap * 2 - 1;
    this.slotBits = Math.log2(cap) + 1;
    for (let k = 0; k < this.tailFrom; k++) if (len[k] !== 0) this.insert(k);
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

export { hashOfId } from './digit-ids.ts';
