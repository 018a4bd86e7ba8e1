import { grown, grown16, StringArena } from './string-arena.ts';
import { hashOf } from './string-hash.ts';

/**
 * An intern table for the strings of compacted batches and of the running totals: each distinct
 * string is held once and named by a small integer id, so a batch can keep its keys and forms
 * in typed arrays (4 bytes an entry) instead of a `Map` entry, an object and a string per batch.
 * An hour of retention repeats the same tags in hundreds of batches; this is what stops that
 * costing hundreds of copies. Reference-counted: a string is dropped when the last user lets
 * go of it, and its id is reused, so the id space stays as small as the live vocabulary.
 *
 * Hand-written rather than a `Map<string, number>` holding the strings: an hour at 5,000
 * tweets/s holds two million strings (mostly one-off tags). As V8 strings they cost about 36
 * bytes each plus a Map entry of about 40 (measured, DESIGN.md §10), all on the collected heap,
 * which reserves about twice what it uses. Here a string's characters sit in one byte arena
 * (one byte a character when every code unit fits in Latin-1, else two) beside 12 bytes of
 * columns and a table cell or two, about 26 bytes in all and nothing for the collector to trace or copy. The cost is making
 * a string again in `stringOf` (results, windows, lookups by key), softened by a small cache.
 */
export class StringDictionary {
  /** Per id: its reference count (0: free), up to MANY; past it, the rest is in `moreRefs`. */
  private refs = new Uint16Array(1024);
  private readonly moreRefs = new Map<number, number>();
  /** Per id: its companion (see `pairWith`), -1 for none. */
  private companions = new Int32Array(1024).fill(-1);
  /** Ids ever handed out (the next new one). */
  private ids = 0;
  /** Ids released and not yet reused, as a stack. */
  private free = new Int32Array(1024);
  private freeCount = 0;
  /**
   * Linear probing, at most half the cells used. A cell holds an id + 1 (0: empty) in its low
   * `idBits` bits and the top bits of the string's hash above them, so that a probe rejects
   * other strings without reading their characters, and no column of hashes is kept (8 MiB at
   * two million strings): deletion and rehashing recompute a string's hash from the arena.
   */
  private table = new Int32Array(2048);
  /**
   * Bits for an id + 1: enough for every id handed out so far, and never fewer than
   * MIN_ID_BITS, so that the table is not repacked (every hash computed again) as the columns
   * grow to a live vocabulary's usual size.
   */
  private idBits = MIN_ID_BITS;
  /**
   * Recently made strings by id (direct-mapped on the id's low bits): a window adds and takes
   * away the same popular keys batch after batch, and the same string each time keeps V8's
   * cached hash, where a new one is hashed again by every Map lookup (measured: 9 % of the core
   * with 1,000,000 distinct tags). A few MiB, against the 60 a string per id used to cost.
   */
  private readonly madeIds = new Int32Array(MADE).fill(-1);
  private readonly made: (string | undefined)[] = new Array<string | undefined>(MADE);
  private live = 0;
  /** The strings' characters, by id. */
  private readonly arena = new StringArena(
    (id) => this.refs[id] !== 0,
    () => this.ids,
  );

  /** Distinct strings held. */
  get size(): number {
    return this.live;
  }

  /** Bytes of the arena in use by the held strings: their characters and any alignment padding. */
  get characterBytes(): number {
    return this.arena.characterBytes;
  }

  /** The id of `s`, taking one more reference to it (interning it if new). */
  acquire(s: string): number {
    const hash = hashOf(s);
    let cell = this.find(s, hash);
    let entry = this.table[cell]!;
    if (entry === 0) {
      if (2 * (this.live + 1) > this.table.length) {
        this.rehash(this.table.length * 2);
        cell = this.find(s, hash);
      }
      const id = this.freeCount > 0 ? this.free[--this.freeCount]! : this.ids++;
      if (id >= this.refs.length) this.growColumns(this.refs.length * 2);
      // Repacked for one bit more only once an id needs it, not when the columns grow: two
      // rebuilds of a table of a million strings at once held a flooded server for a second.
      if (id + 1 > this.idMask()) {
        this.rehash(this.table.length, 32 - Math.clz32(id + 1));
        cell = this.find(s, hash);
      }
      this.arena.store(id, s);
      this.refs[id] = 0;
      this.table[cell] = this.cellValue(id, hash);
      this.live++;
      entry = this.table[cell]!;
    }
    const id = entry & this.idMask();
    this.retain(id - 1);
    return id - 1;
  }

  /** Takes one more reference to a live id. */
  retain(id: number): void {
    // Past MANY only for a key held by that many batches (days of one-second batches).
    if (this.refs[id] !== MANY) this.refs[id]!++;
    else this.moreRefs.set(id, (this.moreRefs.get(id) ?? 0) + 1);
  }

  /** Drops one reference to `id`; the string goes when none is left. */
  release(id: number): void {
    // Almost always empty: no lookup per release while it is (releases come by the batch-key).
    const more = this.moreRefs.size > 0 ? this.moreRefs.get(id) : undefined;
    if (more !== undefined) {
      if (more > 1) this.moreRefs.set(id, more - 1);
      else this.moreRefs.delete(id);
      return;
    }
    if (--this.refs[id]! > 0) return;
    this.companions[id] = -1;
    if (this.madeIds[id & (MADE - 1)] === id) {
      this.madeIds[id & (MADE - 1)] = -1;
      this.made[id & (MADE - 1)] = undefined;
    }
    this.deleteCell(this.cellOf(id));
    this.arena.free(id);
    if (this.freeCount === this.free.length) this.free = grown(this.free, this.free.length * 2);
    this.free[this.freeCount++] = id;
    this.live--;
  }

  /**
   * Gives the live id `id` the companion `other` unless it has one, and returns its companion.
   * A companion is fixed from then until `id` is dropped, and takes no reference: whoever relies
   * on it holds `id` (so it stays fixed) and holds the companion id itself if it needs its string.
   * Compacted batches name each key's usual surface form this way: a key's form in most
   * batches is the one its first batch saw, and a batch then need not store it.
   */
  pairWith(id: number, other: number): number {
    const c = this.companions[id]!;
    if (c >= 0) return c;
    this.companions[id] = other;
    return other;
  }

  /** The companion of the live id `id` (see `pairWith`), -1 for none. */
  companionOf(id: number): number {
    return this.companions[id]!;
  }

  /** The id of `s`, or -1 when it is not held (then nothing holds it). */
  idOf(s: string): number {
    return (this.table[this.find(s, hashOf(s))]! & this.idMask()) - 1;
  }

  /**
   * The string of a live id: made from its characters, or the one made last time if still cached
   * (within `readingOnce`, a string made is not kept).
   */
  stringOf(id: number): string {
    const at = id & (MADE - 1);
    if (this.madeIds[at] === id) return this.made[at]!;
    const s = this.arena.decode(id);
    if (readingOnceDepth > 0) return s;
    this.madeIds[at] = id;
    this.made[at] = s;
    return s;
  }

  /**
   * `holds`, by the engine's own string comparison when the id's string was made recently:
   * the batch after batch lookups of a window's popular keys then skip the character loop.
   */
  private isString(id: number, s: string): boolean {
    const at = id & (MADE - 1);
    return this.madeIds[at] === id ? this.made[at] === s : this.arena.holds(id, s);
  }

  /** Whether the live id `id` holds `s`, without making its string. */
  holds(id: number, s: string): boolean {
    return this.arena.holds(id, s);
  }

  /** `compareCodePoints` of two live ids' strings, read in place (the totals' heap compares keys often). */
  compare(a: number, b: number): number {
    return this.arena.compare(a, b);
  }

  /** The cell holding `s`, or the empty cell where it would go. */
  private find(s: string, hash: number): number {
    const table = this.table;
    const mask = table.length - 1;
    const idMask = this.idMask();
    const tag = hash >>> this.idBits;
    for (let cell = hash & mask; ; cell = (cell + 1) & mask) {
      const entry = table[cell]!;
      if (entry === 0) return cell;
      if (entry >>> this.idBits === tag && this.isString((entry & idMask) - 1, s)) return cell;
    }
  }

  /** The cell holding the live id `id` (no character compare: the id itself is in the cell). */
  private cellOf(id: number): number {
    const table = this.table;
    const mask = table.length - 1;
    const hash = this.arena.hash(id);
    const value = this.cellValue(id, hash);
    let cell = hash & mask;
    while (table[cell] !== value) cell = (cell + 1) & mask;
    return cell;
  }

  /** Linear-probing deletion by backward shift: no tombstones, so lookups never slow down with churn. */
  private deleteCell(hole: number): void {
    const table = this.table;
    const mask = table.length - 1;
    table[hole] = 0;
    for (let cell = (hole + 1) & mask; table[cell] !== 0; cell = (cell + 1) & mask) {
      const home = this.arena.hash((table[cell]! & this.idMask()) - 1) & mask;
      // The entry may move into the hole unless its home lies cyclically in (hole, cell].
      const stays = hole <= cell ? hole < home && home <= cell : hole < home || home <= cell;
      if (stays) continue;
      table[hole] = table[cell]!;
      table[cell] = 0;
      hole = cell;
    }
  }

  /**
   * Rebuilds the table with `cells` cells and ids of `idBits` bits. Walks the live ids in order,
   * not the old table's cells: in id order the arena's columns and characters are read one after
   * the other, where the table's order reads them at random, and the hashes come from one pass
   * of the arena (`hashes`). At a million strings, all of it one turn of a flooded server's event
   * loop: 150–225 ms where it took 470 (`hash` called per cell, in the table's order).
   */
  private rehash(cells: number, idBits = this.idBits): void {
    const table = new Int32Array(cells);
    const mask = cells - 1;
    const refs = this.refs;
    const hashes = this.arena.hashes(this.ids, refs);
    this.idBits = idBits;
    for (let id = 0; id < this.ids; id++) {
      if (refs[id] === 0) continue;
      const hash = hashes[id]!;
      let cell = hash & mask;
      while (table[cell] !== 0) cell = (cell + 1) & mask;
      table[cell] = this.cellValue(id, hash);
    }
    this.table = table;
  }

  private idMask(): number {
    return (1 << this.idBits) - 1;
  }

  /** What the table holds for `id` of this hash: its hash's top bits over id + 1. */
  private cellValue(id: number, hash: number): number {
    return ((hash >>> this.idBits) << this.idBits) | (id + 1);
  }

  private growColumns(length: number): void {
    this.arena.growColumns(length);
    this.refs = grown16(this.refs, length);
    const companions = grown(this.companions, length);
    companions.fill(-1, this.companions.length);
    this.companions = companions;
  }
}

/** See `idBits`: ids up to two million without a repack. */
const MIN_ID_BITS = 21;
/** Depth of `readingOnce` calls: while above 0, no dictionary keeps the strings it makes. */
let readingOnceDepth = 0;

/**
 * Runs `fn` with every dictionary's cache of made strings read but not added to: for a sweep
 * that asks for each of a million keys once (a checkpoint's batches and running totals). Kept,
 * each such string would live until 65,536 others had been made, long enough for V8 to move it
 * to the old generation, which only a full collection empties: under a flood of unique tags the
 * server's heap grew by 150 to 250 MiB of them between full collections.
 */
export function readingOnce<T>(fn: () => T): T {
  readingOnceDepth++;
  try {
    return fn();
  } finally {
    readingOnceDepth--;
  }
}

/** Entries of the cache of made strings (`made`), a power of two. */
const MADE = 1 << 16;

/** Reference counts past this one are kept aside. */
const MANY = 0xffff;
