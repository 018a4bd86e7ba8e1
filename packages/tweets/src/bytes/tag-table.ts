import { ByteInterner } from './byte-interner.ts';
import { hashBytes } from './scanned-tweet.ts';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * The counting key of a hashtag (DESIGN.md §4): without its sign, Unicode NFC, then
 * `toLowerCase()`; ASCII tags skip the normalizer (NFC is the identity there). The same rule as
 * the counter's `tagKey`; the tables below must agree with it (a test checks they do).
 */
export function keyOfSurface(surface: string): string {
  for (let i = 0; i < surface.length; i++) {
    if (surface.charCodeAt(i) > 0x7f) return surface.normalize('NFC').toLowerCase();
  }
  return surface.toLowerCase();
}

/**
 * Hashtags by id, read from bytes: each distinct surface form (`Ether`, `ETHER`) gets a form id,
 * each distinct key (`ether`) a key id, and every form knows its key. A hashtag the scanner found
 * costs one lookup of its bytes (hashed as they were scanned) in the forms table; strings are made
 * once per form and once per key, when first seen, for what is emitted (keys, display forms) and
 * for the tie-break of top lists. A key's surface forms are a list through its forms, for the
 * display form (DESIGN.md §4: the form seen most often).
 *
 * Ids are never freed: this is the table a bounded counter would reference-count (phase 2 of
 * issue 19 joins it with the counter's string table).
 */
export class TagTable {
  private readonly forms = new ByteInterner();
  private readonly keys = new ByteInterner();
  private readonly formStrings: string[] = [];
  private readonly keyStrings: string[] = [];
  /** Per form: its key's id, and the next form of the same key (-1: none). */
  private formKey = new Int32Array(256);
  private nextForm = new Int32Array(256);
  /** Per key: its first form (the head of its list of forms). */
  private firstForm = new Int32Array(256);
  /** Room to encode a string into: a form from the exact path, and the key of a new form. */
  private scratch = new Uint8Array(256);
  private keyScratch = new Uint8Array(256);

  /** How many distinct surface forms and keys have been seen. */
  get formCount(): number {
    return this.forms.size;
  }
  get keyCount(): number {
    return this.keys.size;
  }

  /** The form id of the hashtag text `[start, end)` of `buf`, whose `hashBytes` is `hash`. */
  formOf(buf: Uint8Array, start: number, end: number, hash: number): number {
    const id = this.forms.find(buf, start, end, hash);
    return id >= 0 ? id : this.addForm(buf, start, end, hash, decoder.decode(buf.subarray(start, end)));
  }

  /** The form id of a hashtag given as a string (one the exact path extracted). */
  formOfString(surface: string): number {
    if (this.scratch.length < surface.length * 3) this.scratch = new Uint8Array(surface.length * 3);
    const length = encoder.encodeInto(surface, this.scratch).written;
    const hash = hashBytes(this.scratch, 0, length);
    const id = this.forms.find(this.scratch, 0, length, hash);
    return id >= 0 ? id : this.addForm(this.scratch, 0, length, hash, surface);
  }

  /** The key id of a form. */
  keyOf(form: number): number {
    return this.formKey[form]!;
  }

  /** A form's text, without `#`. */
  formString(form: number): string {
    return this.formStrings[form]!;
  }

  /** A key's text. */
  keyString(key: number): string {
    return this.keyStrings[key]!;
  }

  /** The first of a key's forms; `nextFormOf` gives the others, then -1. */
  firstFormOf(key: number): number {
    return this.firstForm[key]!;
  }

  nextFormOf(form: number): number {
    return this.nextForm[form]!;
  }

  private addForm(buf: Uint8Array, start: number, end: number, hash: number, surface: string): number {
    const form = this.forms.add(buf, start, end, hash);
    if (form === this.formKey.length) {
      this.formKey = grown(this.formKey);
      this.nextForm = grown(this.nextForm);
    }
    this.formStrings.push(surface);
    const key = this.keyOfString(keyOfSurface(surface));
    this.formKey[form] = key;
    this.nextForm[form] = this.firstForm[key]!;
    this.firstForm[key] = form;
    return form;
  }

  private keyOfString(key: string): number {
    const bytes =
      this.keyScratch.length >= key.length * 3
        ? this.keyScratch
        : (this.keyScratch = new Uint8Array(key.length * 3));
    const length = encoder.encodeInto(key, bytes).written;
    const hash = hashBytes(bytes, 0, length);
    const found = this.keys.find(bytes, 0, length, hash);
    if (found >= 0) return found;
    const id = this.keys.add(bytes, 0, length, hash);
    if (id === this.firstForm.length) this.firstForm = grown(this.firstForm);
    this.firstForm[id] = -1;
    this.keyStrings.push(key);
    return id;
  }
}

function grown(from: Int32Array): Int32Array<ArrayBuffer> {
  const to = new Int32Array(from.length * 2);
  to.set(from);
  return to;
}
