import { compareUnitsAsCodePoints } from './tag-key.ts';

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
  /** Per id: where its characters start in `bytes`. */
  private starts = new Int32Array(1024);
  /**
   * Per id: its length in code units × 2 (+1: two bytes a unit), up to LONG; a longer string's
   * is in `longLengths`. Two bytes rather than four: tags are short, and at two million strings
   * each byte of a column is 2 MiB.
   */
  private lengths = new Uint16Array(1024);
  private readonly longLengths = new Map<number, number>();
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
   * Bits for an id + 1: enough for every id the columns can hold, and never fewer than
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
  /** The characters, appended; released strings leave garbage that compaction squeezes out. */
  private bytes = new Uint8Array(ARENA_STEP);
  /** The same buffer as 16-bit units, for strings that need two bytes a unit (kept at even offsets). */
  private units = new Uint16Array(this.bytes.buffer);
  private used = 0;
  private garbage = 0;

  /** Distinct strings held. */
  get size(): number {
    return this.live;
  }

  /** Bytes of the arena in use by the held strings: their characters and any alignment padding. */
  get characterBytes(): number {
    return this.used - this.garbage;
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
      if (id >= this.refs.length) {
        this.growColumns(this.refs.length * 2);
        cell = this.find(s, hash);
      }
      this.store(id, s);
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
    const more = this.moreRefs.get(id);
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
    this.garbage += byteLength(this.lengthOf(id));
    this.longLengths.delete(id);
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

  /** The string of a live id: made from its characters, or the one made last time if still cached. */
  stringOf(id: number): string {
    const at = id & (MADE - 1);
    if (this.madeIds[at] === id) return this.made[at]!;
    const s = this.decode(id);
    this.madeIds[at] = id;
    this.made[at] = s;
    return s;
  }

  private decode(id: number): string {
    const length = this.lengthOf(id);
    const n = length >> 1;
    const start = this.starts[id]!;
    // fromCharCode over a plain array of the exact length: measured faster than over a subarray.
    scratch.length = n;
    if ((length & 1) === 0) {
      const bytes = this.bytes;
      for (let i = 0; i < n; i++) scratch[i] = bytes[start + i]!;
    } else {
      const units = this.units;
      const at = start >> 1;
      for (let i = 0; i < n; i++) scratch[i] = units[at + i]!;
    }
    return n <= MAX_APPLY ? String.fromCharCode.apply(null, scratch) : fromLongCodes(scratch);
  }

  /** The encoded length of a live id (see `lengths`). */
  private lengthOf(id: number): number {
    const length = this.lengths[id]!;
    return length !== LONG ? length : this.longLengths.get(id)!;
  }

  /**
   * `holds`, by the engine's own string comparison when the id's string was made recently:
   * the batch after batch lookups of a window's popular keys then skip the character loop.
   */
  private isString(id: number, s: string): boolean {
    const at = id & (MADE - 1);
    return this.madeIds[at] === id ? this.made[at] === s : this.holds(id, s);
  }

  /** Whether the live id `id` holds `s`, without making its string. */
  holds(id: number, s: string): boolean {
    const length = this.lengthOf(id);
    const n = length >> 1;
    if (n !== s.length) return false;
    const start = this.starts[id]!;
    if ((length & 1) === 0) {
      const bytes = this.bytes;
      for (let i = 0; i < n; i++) if (bytes[start + i] !== s.charCodeAt(i)) return false;
    } else {
      const units = this.units;
      const at = start >> 1;
      for (let i = 0; i < n; i++) if (units[at + i] !== s.charCodeAt(i)) return false;
    }
    return true;
  }

  /** `compareCodePoints` of two live ids' strings, read in place (the totals' heap compares keys often). */
  compare(a: number, b: number): number {
    if (a === b) return 0;
    const la = this.lengthOf(a);
    const lb = this.lengthOf(b);
    const sa = this.starts[a]!;
    const sb = this.starts[b]!;
    const n = Math.min(la >> 1, lb >> 1);
    for (let i = 0; i < n; i++) {
      const x = (la & 1) === 0 ? this.bytes[sa + i]! : this.units[(sa >> 1) + i]!;
      const y = (lb & 1) === 0 ? this.bytes[sb + i]! : this.units[(sb >> 1) + i]!;
      if (x !== y) return compareUnitsAsCodePoints(x, y);
    }
    return (la >> 1) - (lb >> 1);
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
    const hash = this.storedHash(id);
    const value = this.cellValue(id, hash);
    let cell = hash & mask;
    while (table[cell] !== value) cell = (cell + 1) & mask;
    return cell;
  }

  /** Writes `s`'s characters at the end of the arena, one byte a unit if all fit, else two. */
  private store(id: number, s: string): void {
    const n = s.length;
    let wide = false;
    for (let i = 0; i < n; i++) {
      if (s.charCodeAt(i) > 0xff) {
        wide = true;
        break;
      }
    }
    const length = 2 * n + (wide ? 1 : 0);
    this.reserve(byteLength(length) + 1);
    let start = this.used;
    if (wide) {
      start += start & 1;
      const at = start >> 1;
      for (let i = 0; i < n; i++) this.units[at + i] = s.charCodeAt(i);
    } else {
      for (let i = 0; i < n; i++) this.bytes[start + i] = s.charCodeAt(i);
    }
    this.starts[id] = start;
    this.lengths[id] = Math.min(length, LONG);
    if (length >= LONG) this.longLengths.set(id, length);
    this.used = start + byteLength(length);
  }

  /**
   * Makes room for `need` more bytes at the end of the arena: by squeezing out released
   * strings when they are a quarter of it or more, else by growing it. Either way it is a copy
   * into a new buffer a quarter larger than what it then holds (the old one goes back to the
   * system whole), so the arena stays within about 1 to 1.7 times the characters held; a
   * doubling arena would average 1.5 and reach 2. Compaction's copying is paid for by the
   * quarter of the arena released since the last one, growth's by the quarter added.
   */
  private reserve(need: number): void {
    if (this.used + need <= this.bytes.length) return;
    const squeeze = this.garbage * 4 >= this.used;
    const keep = squeeze ? this.used - this.garbage : this.used;
    const size = Math.max(ARENA_STEP, Math.ceil(((keep + need) * 1.25) / ARENA_STEP) * ARENA_STEP);
    const bytes = new Uint8Array(size);
    if (squeeze) {
      let end = 0;
      for (let id = 0; id < this.ids; id++) {
        if (this.refs[id] === 0) continue;
        const length = this.lengthOf(id);
        const from = this.starts[id]!;
        const to = end + ((length & 1) !== 0 ? end & 1 : 0);
        const count = byteLength(length);
        for (let i = 0; i < count; i++) bytes[to + i] = this.bytes[from + i]!;
        this.starts[id] = to;
        end = to + count;
      }
      this.used = end;
      this.garbage = 0;
    } else {
      bytes.set(this.bytes.subarray(0, this.used));
    }
    this.bytes = bytes;
    this.units = new Uint16Array(bytes.buffer);
  }

  /** Linear-probing deletion by backward shift: no tombstones, so lookups never slow down with churn. */
  private deleteCell(hole: number): void {
    const table = this.table;
    const mask = table.length - 1;
    table[hole] = 0;
    for (let cell = (hole + 1) & mask; table[cell] !== 0; cell = (cell + 1) & mask) {
      const home = this.storedHash((table[cell]! & this.idMask()) - 1) & mask;
      // The entry may move into the hole unless its home lies cyclically in (hole, cell].
      const stays = hole <= cell ? hole < home && home <= cell : hole < home || home <= cell;
      if (stays) continue;
      table[hole] = table[cell]!;
      table[cell] = 0;
      hole = cell;
    }
  }

  /** Rebuilds the table with `cells` cells and ids of `idBits` bits. */
  private rehash(cells: number, idBits = this.idBits): void {
    const table = new Int32Array(cells);
    const mask = cells - 1;
    const idMask = this.idMask();
    const old = this.table;
    this.idBits = idBits;
    for (const entry of old) {
      if (entry === 0) continue;
      const id = (entry & idMask) - 1;
      const hash = this.storedHash(id);
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

  /** `hashOf` the live id's string, from its characters in the arena. */
  private storedHash(id: number): number {
    const length = this.lengthOf(id);
    const n = length >> 1;
    const start = this.starts[id]!;
    let h = 0x811c9dc5;
    if ((length & 1) === 0) {
      const bytes = this.bytes;
      for (let i = 0; i < n; i++) h = Math.imul(h ^ bytes[start + i]!, 0x01000193);
    } else {
      const units = this.units;
      const at = start >> 1;
      for (let i = 0; i < n; i++) h = Math.imul(h ^ units[at + i]!, 0x01000193);
    }
    return finish(h);
  }

  private growColumns(length: number): void {
    this.starts = grown(this.starts, length);
    this.lengths = grown16(this.lengths, length);
    this.refs = grown16(this.refs, length);
    const companions = grown(this.companions, length);
    companions.fill(-1, this.companions.length);
    this.companions = companions;
    // Ids up to `length` − 1 must fit beside the hash bits: repack the table for one bit more.
    if (32 - Math.clz32(length) > this.idBits) this.rehash(this.table.length, 32 - Math.clz32(length));
  }
}

/** See `idBits`: ids up to two million without a repack. */
const MIN_ID_BITS = 21;
/** Entries of the cache of made strings (`made`), a power of two. */
const MADE = 1 << 16;

/** Lengths from this one up are kept aside (it marks them in the column). */
const LONG = 0xffff;
/** Reference counts past this one are kept aside. */
const MANY = 0xffff;

function grown16(from: Uint16Array, length: number): Uint16Array<ArrayBuffer> {
  const to = new Uint16Array(length);
  to.set(from);
  return to;
}

/** The arena's sizes are multiples of this (even, for the 16-bit view). */
const ARENA_STEP = 1 << 16;

/** Bytes a string of this encoded length takes in the arena. */
function byteLength(length: number): number {
  return (length >> 1) << (length & 1);
}

/** Code units of the string being decoded (one array, reused: no allocation per decode but the string's). */
const scratch: number[] = [];
/** Arguments one `apply` passes safely, far below every engine's limit. */
const MAX_APPLY = 8192;

function fromLongCodes(codes: number[]): string {
  let s = '';
  for (let i = 0; i < codes.length; i += MAX_APPLY) {
    s += String.fromCharCode.apply(null, codes.slice(i, i + MAX_APPLY));
  }
  return s;
}

function grown(from: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const to = new Int32Array(length);
  to.set(from);
  return to;
}

/** FNV-1a over the UTF-16 code units, then a final mix so that the low bits (the cell) spread well. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return finish(h);
}

/** The final mix of `hashOf`. */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h;
}
