import type { BatchCounts } from './batch-counts.ts';
import { UNKNOWN } from './batch-profiles.ts';
import type { CounterOptions } from './options.ts';
import { distinctTags, type BatchPart } from './run-parts.ts';
import type { TagForms } from './tag-forms.ts';

/** A counted tweet's hashtags and origin, with the number the counter gave it (`formSeq`). */
export interface FilledTweet {
  seq: number;
  tags: readonly string[];
  author: string | null;
  lang: string | null;
}

/** A merge's forms, per key, each [form, count, first number], in the order to add them. */
export interface FillPlan {
  keys: [string, number, number][][];
}

/**
 * The hashtags of a batch's counted tweets, summed from the workers' parts (run-parts.ts) less
 * the tweets of those parts the counter did not count (late, duplicate, filtered), plus tweets
 * counted one by one; each surface form with the number of its first counted tweet, the tie rule
 * of display forms (DESIGN.md §4).
 */
export class MergedTags {
  private w = 0;
  /** key → form → [count, first position (a part's) or first number (a tweet's)]. */
  private readonly keys = new Map<string, Map<string, { count: number; firsts: string[]; seq: number }>>();
  private readonly pairs = new Map<string, [string, string, number]>();
  private readonly profiles = new Map<string, [string, string, string, number]>();

  addPart(part: BatchPart): void {
    this.w += part.w;
    const { s, k, p, r } = part;
    for (let i = 0; i < k.length;) {
      const key = s[k[i]!]!;
      const forms = k[i + 1]!;
      i += 2;
      for (let j = 0; j < forms; j++, i += 3) this.form(key, s[k[i]!]!, k[i + 1]!).firsts.push(s[k[i + 2]!]!);
    }
    for (let i = 0; i < p.length; i += 3) this.pair(s[p[i]!]!, s[p[i + 1]!]!, p[i + 2]!);
    for (let i = 0; i < r.length; i += 4) this.profile(s[r[i]!]!, s[r[i + 1]!]!, s[r[i + 2]!]!, r[i + 3]!);
  }

  /** A tweet of an added part that was not counted (`sign` -1), or one counted on its own (+1, with its number). */
  addTweet(t: Omit<FilledTweet, 'seq'>, sign: 1 | -1, seq = Infinity): void {
    this.w += sign;
    const distinct = distinctTags(t.tags);
    for (const [i, [key, form]] of distinct.entries()) {
      const f = this.form(key, form, sign);
      if (seq < f.seq) f.seq = seq;
      for (let j = i + 1; j < distinct.length; j++) this.pair(key, distinct[j]![0], sign);
      this.profile(key, t.author ?? UNKNOWN, t.lang ?? UNKNOWN, sign);
    }
  }

  /**
   * How to add the sums to `batch` so that it ends as counting the tweets one by one in order
   * would leave it: every form's first tweet was counted (`seqOf` knows its number) and no cap of
   * the batch (keys, pairs, profiles: what passes one depends on order) can be reached. Null
   * otherwise: the caller counts the tweets one by one (`fillSerial`).
   */
  plan(
    batch: BatchCounts,
    options: CounterOptions,
    seqOf: (p: string) => number | undefined,
  ): FillPlan | null {
    const keys: FillPlan['keys'] = [];
    let newKeys = 0;
    for (const [key, forms] of this.keys) {
      const list: [string, number, number][] = [];
      for (const [form, f] of forms) {
        if (f.count < 0) return null;
        if (f.count === 0) continue;
        let seq = f.seq;
        for (const p of f.firsts) seq = Math.min(seq, seqOf(p) ?? NaN);
        if (Number.isNaN(seq) || seq === Infinity) return null;
        list.push([form, f.count, seq]);
      }
      if (list.length === 0) continue;
      if (batch.find(key) < 0) newKeys++;
      // The form counted first is the key's primary one in the batch: added first.
      keys.push(list.sort((a, b) => a[2] - b[2]));
    }
    if (batch.size + newKeys > options.maxKeysPerBatch) return null;
    if (batch.pairs !== null && batch.pairs.size + this.pairs.size > options.maxPairsPerBatch) return null;
    const rows = [...this.profiles.values()];
    const fits =
      batch.profiles?.fits(
        rows.length,
        rows.map((r) => r[1]),
        rows.map((r) => r[2]),
      ) ?? true;
    return fits ? { keys } : null;
  }

  /** Adds the sums to `batch` as `plan` (made just before, on the same batch) says. */
  apply(batch: BatchCounts, tags: TagForms, plan: FillPlan): void {
    for (const list of plan.keys) {
      for (const [form, count, seq] of list) {
        tags.trim();
        tags.resolveStrings([form]);
        batch.addKey(tags.keys[0]!, tags.forms[0]!, count, seq);
      }
    }
    batch.stats.tweetsWithTags += this.w;
    const { pairs, profiles } = batch;
    if (pairs !== null)
      for (const [x, y, n] of this.pairs.values()) if (n > 0) pairs.addPair(batch.find(x), batch.find(y), n);
    if (profiles !== null)
      for (const [key, author, lang, n] of this.profiles.values())
        if (n > 0) profiles.add(batch.find(key), author, lang, n);
  }

  private form(key: string, form: string, count: number): { count: number; firsts: string[]; seq: number } {
    let forms = this.keys.get(key);
    if (forms === undefined) this.keys.set(key, (forms = new Map()));
    let f = forms.get(form);
    if (f === undefined) forms.set(form, (f = { count: 0, firsts: [], seq: Infinity }));
    f.count += count;
    return f;
  }

  private pair(a: string, b: string, n: number): void {
    const [x, y] = a < b ? [a, b] : [b, a];
    const id = `${x}\u0000${y}`;
    const p = this.pairs.get(id);
    if (p === undefined) this.pairs.set(id, [x, y, n]);
    else p[2] += n;
  }

  private profile(key: string, author: string, lang: string, n: number): void {
    const id = `${key}\u0000${author}\u0000${lang}`;
    const r = this.profiles.get(id);
    if (r === undefined) this.profiles.set(id, [key, author, lang, n]);
    else r[3] += n;
  }
}

/** Counts the tweets' hashtags in `batch` one by one, in the order of their numbers, as `add` would have. */
export function fillSerial(batch: BatchCounts, tags: TagForms, tweets: readonly FilledTweet[]): void {
  for (const t of tweets) {
    tags.trim();
    const n = tags.resolveStrings(t.tags);
    batch.addTweet(tags.keys, tags.forms, n, t.seq, t);
    // The tweet itself was counted when it came (without hashtags): only its hashtags are new.
    batch.stats.tweets--;
  }
}
