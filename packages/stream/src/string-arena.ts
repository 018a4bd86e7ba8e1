import { compareUnitsAsCodePoints } from './tag-key.ts';
import { finishHash, FNV_START, fnvStep } from './string-hash.ts';

/**
 * The characters of the dictionary's strings, by id, in one byte arena: one byte a character
 * when every code unit of the string fits in Latin-1, else two (at an even offset, read through
 * a 16-bit view of the same buffer). Each id has a start and an encoded length in two columns:
 * the length in code units × 2, +1 for two bytes a unit. Released strings leave garbage that
 * the next growth squeezes out (see `reserve`). Which ids are live is the dictionary's to say.
 */
export class StringArena {
  /** Per id: where its characters start in `bytes`. */
  private starts = new Int32Array(1024);
  /**
   * Per id: its encoded length up to LONG; a longer string's is in `longLengths`. Two bytes
   * rather than four: tags are short, and at two million strings each byte of a column is 2 MiB.
   */
  private lengths = new Uint16Array(1024);
  private readonly longLengths = new Map<number, number>();
  /** The characters, appended. */
  private bytes = new Uint8Array(ARENA_STEP);
  /** The same buffer as 16-bit units, for strings that need two bytes a unit (kept at even offsets). */
  private units = new Uint16Array(this.bytes.buffer);
  private used = 0;
  private garbage = 0;

  /**
   * @param isLive whether an id holds a string (released ones are squeezed out)
   * @param idCount ids ever handed out: every live id is below it
   */
  constructor(
    private readonly isLive: (id: number) => boolean,
    private readonly idCount: () => number,
  ) {}

  /** Bytes in use by the held strings: their characters and any alignment padding. */
  get characterBytes(): number {
    return this.used - this.garbage;
  }

  /** Makes room in the per-id columns for ids below `length`. */
  growColumns(length: number): void {
    this.starts = grown(this.starts, length);
    this.lengths = grown16(this.lengths, length);
  }

  /** Writes `s`'s characters at the end of the arena, one byte a unit if all fit, else two. */
  store(id: number, s: string): void {
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

  /** The id's characters become garbage (the id was released). */
  free(id: number): void {
    this.garbage += byteLength(this.lengthOf(id));
    this.longLengths.delete(id);
  }

  /** A new string made from the live id's characters. */
  decode(id: number): string {
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

  /** `compareCodePoints` of two live ids' strings, read in place. */
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

  /** `hashOf` the live id's string, from its characters. */
  hash(id: number): number {
    const length = this.lengthOf(id);
    const n = length >> 1;
    const start = this.starts[id]!;
    let h = FNV_START;
    if ((length & 1) === 0) {
      const bytes = this.bytes;
      for (let i = 0; i < n; i++) h = fnvStep(h, bytes[start + i]!);
    } else {
      const units = this.units;
      const at = start >> 1;
      for (let i = 0; i < n; i++) h = fnvStep(h, units[at + i]!);
    }
    return finishHash(h);
  }

  /**
   * `hash` of each id below `count` whose `refs` is not 0 (0 for the others), for rebuilding a
   * table: one pass in id order with the columns in locals (a million strings, warm: 13–19 ms
   * against 120–135 calling `hash` for each).
   */
  hashes(count: number, refs: Uint16Array): Int32Array {
    const out = new Int32Array(count);
    const { bytes, starts, lengths } = this;
    for (let id = 0; id < count; id++) {
      if (refs[id] === 0) continue;
      const length = lengths[id]!;
      if (length === LONG || (length & 1) !== 0) {
        out[id] = this.hash(id);
        continue;
      }
      const start = starts[id]!;
      const end = start + (length >> 1);
      let h = FNV_START;
      for (let i = start; i < end; i++) h = fnvStep(h, bytes[i]!);
      out[id] = finishHash(h);
    }
    return out;
  }

  /** The encoded length of a live id (see `lengths`). */
  private lengthOf(id: number): number {
    const length = this.lengths[id]!;
    return length !== LONG ? length : this.longLengths.get(id)!;
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
      const ids = this.idCount();
      for (let id = 0; id < ids; id++) {
        if (!this.isLive(id)) continue;
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
}

/** Lengths from this one up are kept aside (it marks them in the column). */
const LONG = 0xffff;

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

export function grown(from: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const to = new Int32Array(length);
  to.set(from);
  return to;
}

export function grown16(from: Uint16Array, length: number): Uint16Array<ArrayBuffer> {
  const to = new Uint16Array(length);
  to.set(from);
  return to;
}
