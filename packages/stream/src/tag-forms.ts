import { ByteInterner, hashBytes, type ScannedTweet } from '@tagstream/tweets';
import type { StringDictionary } from './string-dictionary.ts';
import { tagKey } from './tag-key.ts';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * A tweet's hashtags as the counter counts them: each surface form (`Ether`) as the id its string
 * has in the counter's `StringDictionary`, and its key (`ether`, DESIGN.md §4) likewise, so that
 * batches, windows and totals work on numbers and make strings only for what they emit. A surface
 * seen before costs one lookup of its UTF-8 bytes (hashed by the byte-level reader as it scanned
 * them, or here for a string from the exact path); a new one costs its string, its key and two
 * dictionary lookups, once.
 *
 * Each surface it knows holds one reference to its form's and its key's strings. Bounded: once it
 * knows `maxForms` surfaces, `trim()` (called by the counter between tweets, never within one)
 * forgets them all and lets the strings go that nothing else holds; the popular ones come back at
 * their next sighting. A flood of unique tags therefore costs at most `maxForms` entries here.
 */
export class TagForms {
  /** Per tweet being counted: its hashtags' key and form ids, in text order (`resolve…` fill them). */
  keys = new Int32Array(32);
  forms = new Int32Array(32);
  private surfaces = new ByteInterner();
  /**
   * Per surface (the interner's id s): its form's dictionary id at 2s and its key's at 2s + 1,
   * side by side so that a lookup reads one cache line, not one in each of two columns.
   */
  private ids = new Int32Array(512);
  private scratch = new Uint8Array(256);

  constructor(
    private readonly dict: StringDictionary,
    private readonly maxForms: number,
  ) {}

  /** How many surfaces it knows. */
  get size(): number {
    return this.surfaces.size;
  }

  /** Looks the tweet's hashtags up by their bytes in `buf`; returns how many (`keys`, `forms` hold them). */
  resolveScanned(t: ScannedTweet, buf: Uint8Array): number {
    const n = t.tags;
    const from = t.tagOffset;
    if (n > this.keys.length) this.growTweet(n);
    for (let i = 0; i < n; i++) {
      const start = t.tagStart[from + i]!;
      const end = t.tagEnd[from + i]!;
      const hash = t.tagHash[from + i]!;
      let s = this.surfaces.find(buf, start, end, hash);
      if (s < 0) s = this.add(buf, start, end, hash, decoder.decode(buf.subarray(start, end)));
      this.forms[i] = this.ids[2 * s]!;
      this.keys[i] = this.ids[2 * s + 1]!;
    }
    return n;
  }

  /** Looks hashtags given as strings (the exact path's) up; returns how many (`keys`, `forms` hold them). */
  resolveStrings(surfaces: readonly string[]): number {
    const n = surfaces.length;
    if (n > this.keys.length) this.growTweet(n);
    for (let i = 0; i < n; i++) {
      const surface = surfaces[i]!;
      if (this.scratch.length < surface.length * 3) this.scratch = new Uint8Array(surface.length * 3);
      const length = encoder.encodeInto(surface, this.scratch).written;
      const hash = hashBytes(this.scratch, 0, length);
      let s = this.surfaces.find(this.scratch, 0, length, hash);
      if (s < 0) s = this.add(this.scratch, 0, length, hash, surface);
      this.forms[i] = this.ids[2 * s]!;
      this.keys[i] = this.ids[2 * s + 1]!;
    }
    return n;
  }

  /** Forgets every surface once `maxForms` are known, giving their references back. Never call it within a tweet. */
  trim(): void {
    if (this.surfaces.size < this.maxForms) return;
    for (let s = 0; s < this.surfaces.size; s++) {
      this.dict.release(this.ids[2 * s]!);
      this.dict.release(this.ids[2 * s + 1]!);
    }
    this.surfaces = new ByteInterner();
  }

  private add(buf: Uint8Array, start: number, end: number, hash: number, surface: string): number {
    const s = this.surfaces.add(buf, start, end, hash);
    if (2 * s === this.ids.length) this.ids = grown(this.ids);
    const form = this.dict.acquire(surface);
    const key = tagKey(surface);
    this.ids[2 * s] = form;
    this.ids[2 * s + 1] = key === surface ? (this.dict.retain(form), form) : this.dict.acquire(key);
    return s;
  }

  private growTweet(n: number): void {
    this.keys = new Int32Array(n * 2);
    this.forms = new Int32Array(n * 2);
  }
}

function grown(from: Int32Array): Int32Array<ArrayBuffer> {
  const to = new Int32Array(from.length * 2);
  to.set(from);
  return to;
}
