/** Slots of a new table; it doubles when half full. */
const INITIAL_SLOTS = 64;
const EMPTY = -1;

/**
 * Counts per pair of non-negative 32-bit integers (key ids), in three typed arrays with open
 * addressing (linear probing, deletion by backward shift so that no tombstones build up).
 *
 * Hand-written, for memory: related tags count a pair of keys for every two tags of a tweet, and
 * the server's memory benchmark (an hour of retention at 5,000 tweets/s, DESIGN.md §10) held them
 * first in maps of maps, about 100 bytes and two heap objects a pair: 185 MiB more RSS than
 * without related tags. Here a pair costs 12 bytes a slot, at most two slots a pair, outside the
 * V8 heap, in one block per table.
 */
export class IntPairCounts {
  private a: Int32Array;
  private b: Int32Array;
  private c: Uint32Array;
  private mask: number;
  /** Pairs held. */
  size = 0;

  /** `maxPairs`: a new pair past it is refused (`add` returns false). */
  constructor(private readonly maxPairs = Infinity) {
    this.a = new Int32Array(INITIAL_SLOTS).fill(EMPTY);
    this.b = new Int32Array(INITIAL_SLOTS);
    this.c = new Uint32Array(INITIAL_SLOTS);
    this.mask = INITIAL_SLOTS - 1;
  }

  /**
   * Adds `delta` (negative: takes away) to the pair's count; a count that reaches 0 is removed.
   * False, changing nothing, when the pair is new and the table holds `maxPairs` already.
   */
  add(x: number, y: number, delta: number): boolean {
    const { a, b, mask } = this;
    let i = slotOf(x, y, mask);
    for (;;) {
      const ka = a[i]!;
      if (ka === EMPTY) break;
      if (ka === x && b[i] === y) {
        const left = this.c[i]! + delta;
        if (left > 0) this.c[i] = left;
        else this.removeAt(i);
        return true;
      }
      i = (i + 1) & mask;
    }
    if (delta <= 0) return true;
    if (this.size >= this.maxPairs) return false;
    if ((this.size + 1) * 2 > a.length) {
      this.grow();
      return this.add(x, y, delta);
    }
    a[i] = x;
    this.b[i] = y;
    this.c[i] = delta;
    this.size++;
    return true;
  }

  /** The pair's count (0 when absent). */
  get(x: number, y: number): number {
    const { a, b, mask } = this;
    for (let i = slotOf(x, y, mask); a[i] !== EMPTY; i = (i + 1) & mask) {
      if (a[i] === x && b[i] === y) return this.c[i]!;
    }
    return 0;
  }

  /** Every pair with its count, in no particular order. Do not change the table meanwhile. */
  forEach(fn: (x: number, y: number, count: number) => void): void {
    const { a, b, c } = this;
    for (let i = 0; i < a.length; i++) if (a[i] !== EMPTY) fn(a[i]!, b[i]!, c[i]!);
  }

  /**
   * Empties the table: giving back the memory of a large one, or keeping it (`keepSlots`) for a
   * table that will fill up as much again (the next batch's).
   */
  clear(keepSlots = false): void {
    if (!keepSlots && this.a.length > INITIAL_SLOTS) {
      this.a = new Int32Array(INITIAL_SLOTS);
      this.b = new Int32Array(INITIAL_SLOTS);
      this.c = new Uint32Array(INITIAL_SLOTS);
      this.mask = INITIAL_SLOTS - 1;
    }
    this.a.fill(EMPTY);
    this.size = 0;
  }

  private grow(): void {
    const { a, b, c } = this;
    const slots = a.length * 2;
    this.a = new Int32Array(slots).fill(EMPTY);
    this.b = new Int32Array(slots);
    this.c = new Uint32Array(slots);
    this.mask = slots - 1;
    this.size = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== EMPTY) this.add(a[i]!, b[i]!, c[i]!);
  }

  /** Empties slot `i`, moving back the entries after it that would no longer be found (Knuth's algorithm R). */
  private removeAt(i: number): void {
    const { a, b, c, mask } = this;
    let hole = i;
    for (let j = (i + 1) & mask; a[j] !== EMPTY; j = (j + 1) & mask) {
      const home = slotOf(a[j]!, b[j]!, mask);
      // The entry at j stays unless its home lies cyclically outside (hole, j].
      const reachable = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (reachable) continue;
      a[hole] = a[j]!;
      b[hole] = b[j]!;
      c[hole] = c[j]!;
      hole = j;
    }
    a[hole] = EMPTY;
    this.size--;
  }
}

function slotOf(x: number, y: number, mask: number): number {
  let h = Math.imul(x, 0x9e3779b1) ^ Math.imul(y + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h & mask;
}
