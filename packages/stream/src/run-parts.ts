import { UNKNOWN } from './batch-profiles.ts';
import { tagKey } from './tag-key.ts';

/**
 * A worker's share of the counting in the scale-out mode (DESIGN.md §9, ARCHITECTURE.md "Scale-out
 * on Redis"): for a run of consecutive lines it read, the per-batch partial counts of their
 * tweets' hashtags (the part the order does not decide), and for each line the compact facts the
 * order decides from (ids, event times, watermarks), which the emitter walks in stream order
 * (`MergeFeeder`).
 *
 * A run is cut into segments at its watermark lines: the emitter fills a batch just before the
 * watermark that closes it, and every segment it has started by then is complete, so a
 * segment's part is added whole or not at all (a run's lines are consecutive in the stream).
 */

/** A tweet's facts: id, event time (null: none), retweet, whether it has hashtags. */
export type TweetFact = ['t', string | null, number | null, 0 | 1, 0 | 1];
/** A line's facts, in the digest's step order (`["w", time, mark]`, `["m"]` as in the digest). */
export type LineFact = TweetFact | ['w', number, string | null] | ['m'];

/** What the emitter reads for a line of a merged run instead of its digest. */
export interface FactRecord {
  /**
   * The segment the line belongs to, named by its first entry's id: segments are disjoint, and
   * every part of a segment that starts at or before a checkpoint's position was walked.
   */
  s: string;
  /** The batch interval the parts were cut with. */
  b: number;
  f: LineFact[];
  /** On the segment's last line: the batches it holds a part for. */
  e?: number[];
}

/** A surface form's tweets in a part and the position (`<entry id>.<step>`) of its first one. */
export type FormPart = [form: string, count: number, first: string];

/**
 * One segment's tweets in one batch (event time), as JSON. Each string (key, form, author,
 * language, position) is written once, in `s`, and referred to by its index: a part is read by
 * the emitter as its batch closes, and with many distinct tags per segment most of its bytes were
 * the same strings again.
 */
export interface BatchPart {
  /** Tweets with hashtags. */
  w: number;
  /** The part's strings. */
  s: string[];
  /**
   * Per key: key, number of forms, then per form: form, tweets, position of its first tweet
   * (a tweet counts once per key, under the first form it gives the key). Flat.
   */
  k: number[];
  /** Key pairs of the same tweets: key, key, tweets. Flat. */
  p: number[];
  /** Authors and languages: key, author, language, tweets. Flat. */
  r: number[];
}

/** A digest's steps, as `digestLine` writes them. */
type Step =
  | ['t', string | null, number | null, 0 | 1, readonly string[], string, string | null, string | null]
  | ['w', number, string | null]
  | ['m'];

export interface RunOutput {
  /** Per entry, in the run's order. */
  facts: FactRecord[];
  /** `<segment>|<batch index>` → BatchPart JSON. */
  parts: Map<string, string>;
}

/** The field a segment's part for batch `k` is kept under. */
export function partField(segment: string, k: number): string {
  return `${segment}|${k}`;
}

/** A tweet's position in the stream: its entry and its place in the entry's digest. */
export function positionOf(entryId: string, step: number): string {
  return `${entryId}.${step}`;
}

/**
 * The facts and parts of a run of consecutive entries (`ids[i]` with `digests[i]`), cut into
 * batches of `batchMs` by event time. Tweets without event time are in no part: the emitter
 * places them by the watermark at their position and counts them from their digests.
 */
export function runParts(ids: readonly string[], digests: readonly string[], batchMs: number): RunOutput {
  const facts: FactRecord[] = [];
  const parts = new Map<string, string>();
  // The segment's first entry: its name.
  let segment = ids[0] ?? '';
  let open = new Map<number, PartBuilder>();
  const close = (record: FactRecord | undefined, next: string | undefined): void => {
    for (const [k, p] of open) parts.set(partField(segment, k), JSON.stringify(p.done()));
    if (record !== undefined) record.e = [...open.keys()];
    open = new Map();
    segment = next ?? '';
  };
  for (let i = 0; i < ids.length; i++) {
    const steps = JSON.parse(digests[i]!) as Step[];
    const record: FactRecord = { s: segment, b: batchMs, f: [] };
    let watermark = false;
    for (const [j, s] of steps.entries()) {
      if (s[0] === 't') {
        const tags = s[4];
        record.f.push(['t', s[1], s[2], s[3], tags.length > 0 ? 1 : 0]);
        if (s[2] === null || tags.length === 0) continue;
        const k = Math.floor(s[2] / batchMs);
        let p = open.get(k);
        if (p === undefined) open.set(k, (p = new PartBuilder()));
        p.add(tags, s[6], s[7], positionOf(ids[i]!, j));
      } else {
        record.f.push(s);
        if (s[0] === 'w') watermark = true;
      }
    }
    facts.push(record);
    if (watermark || i === ids.length - 1) close(record, ids[i + 1]);
  }
  return { facts, parts };
}

/** The distinct keys of a tweet's tags, each with the first form the tweet gives it, in text order. */
export function distinctTags(tags: readonly string[]): [key: string, form: string][] {
  const out: [string, string][] = [];
  for (const form of tags) {
    const key = tagKey(form);
    if (!out.some(([k]) => k === key)) out.push([key, form]);
  }
  return out;
}

class PartBuilder {
  private w = 0;
  private readonly keys = new Map<string, Map<string, FormPart>>();
  private readonly pairs = new Map<string, [string, string, number]>();
  private readonly profiles = new Map<string, [string, string, string, number]>();

  add(tags: readonly string[], author: string | null, lang: string | null, position: string): void {
    this.w++;
    const distinct = distinctTags(tags);
    const a = author ?? UNKNOWN;
    const l = lang ?? UNKNOWN;
    const who = `${a}\u0000${l}`;
    for (const [i, [key, form]] of distinct.entries()) {
      let forms = this.keys.get(key);
      if (forms === undefined) this.keys.set(key, (forms = new Map()));
      const f = forms.get(form);
      if (f === undefined) forms.set(form, [form, 1, position]);
      else f[1]++;
      for (let j = i + 1; j < distinct.length; j++) {
        const other = distinct[j]![0];
        const [x, y] = key < other ? [key, other] : [other, key];
        const id = `${x}\u0000${y}`;
        const p = this.pairs.get(id);
        if (p === undefined) this.pairs.set(id, [x, y, 1]);
        else p[2]++;
      }
      const r = this.profiles.get(`${key}\u0000${who}`);
      if (r === undefined) this.profiles.set(`${key}\u0000${who}`, [key, a, l, 1]);
      else r[3]++;
    }
  }

  done(): BatchPart {
    const s: string[] = [];
    const ids = new Map<string, number>();
    const id = (text: string): number => {
      let i = ids.get(text);
      if (i === undefined) ids.set(text, (i = s.push(text) - 1));
      return i;
    };
    const k: number[] = [];
    for (const [key, forms] of this.keys) {
      k.push(id(key), forms.size);
      for (const [form, count, first] of forms.values()) k.push(id(form), count, id(first));
    }
    const p: number[] = [];
    for (const [x, y, n] of this.pairs.values()) p.push(id(x), id(y), n);
    const r: number[] = [];
    for (const [key, a, l, n] of this.profiles.values()) r.push(id(key), id(a), id(l), n);
    return { w: this.w, s, k, p, r };
  }
}
