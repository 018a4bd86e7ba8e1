import { IntPairCounts } from './int-pair-counts.ts';

/** What a source left out: the author or language of a tweet that had none. */
export const UNKNOWN = 'unknown';

/** A counted tweet's author and language, as its source gave them. */
export interface TweetOrigin {
  readonly author: string | null;
  readonly lang: string | null;
}

/** Languages a batch tells apart; a tweet in one more is not recorded (no real stream comes near). */
const LANG_SLOTS = 1024;
/** Authors a batch tells apart at most, so that an author and a language pack into one 31-bit number. */
const AUTHOR_SLOTS = 2 ** 31 / LANG_SLOTS;

/** Reads one key's recorded tweets: `fn` sees each (author, language) with its tweets. */
export interface ProfileReader {
  forEachOf(keyId: number, fn: (author: string, lang: string, tweets: number) => void): void;
}

/**
 * The authors and languages of one batch's counted tweets, per key (the drill-down's "who and
 * which languages"), as (key id, author, language) → tweets, in an `IntPairCounts` keyed by the
 * batch's key id and the author and language packed in one number. Compaction turns the key ids
 * into the string dictionary's (`CompactProfiles`). Kept while a window may still read the batch.
 *
 * Bounded: at most `maxEntries` (key, author, language) entries, and as many authors. A tweet
 * that would pass either cap is not recorded for that key at all, so every recorded tweet has
 * both its author and its language, and a key's recorded tweets are its count less the ones
 * that went unrecorded (what the window reports as `unrecorded`).
 */
export class BatchProfiles implements ProfileReader {
  private readonly entries: IntPairCounts;
  private readonly authorIds = new Map<string, number>();
  private readonly langIds = new Map<string, number>();
  // New arrays on reset: the compacted profiles keep the old ones.
  private authors: string[] = [];
  private langs: string[] = [];

  constructor(private readonly maxEntries: number) {
    this.entries = new IntPairCounts(maxEntries);
  }

  /** One counted tweet's distinct key ids, `ids[0…n)`, and where it came from. */
  addTweet(ids: ArrayLike<number>, n: number, origin: TweetOrigin): void {
    const who = this.whoOf(origin.author ?? UNKNOWN, origin.lang ?? UNKNOWN);
    if (who < 0) return;
    for (let i = 0; i < n; i++) this.entries.add(ids[i]!, who, 1);
  }

  /** Empties it for another batch, keeping its table's memory (see `WindowDetail.recycle`). */
  reset(): void {
    this.entries.clear(true);
    this.authorIds.clear();
    this.langIds.clear();
    this.authors = [];
    this.langs = [];
  }

  /** Adds `count` tweets of a key by `author` in `lang` (checkpoint restore). */
  add(keyId: number, author: string, lang: string, count: number): void {
    const who = this.whoOf(author, lang);
    if (who >= 0) this.entries.add(keyId, who, count);
  }

  forEachOf(keyId: number, fn: (author: string, lang: string, tweets: number) => void): void {
    this.entries.forEach((key, who, count) => {
      if (key === keyId) fn(this.authors[(who / LANG_SLOTS) | 0]!, this.langs[who % LANG_SLOTS]!, count);
    });
  }

  /** Every entry (checkpoints). */
  forEach(fn: (keyId: number, author: string, lang: string, tweets: number) => void): void {
    this.entries.forEach((key, who, count) =>
      fn(key, this.authors[(who / LANG_SLOTS) | 0]!, this.langs[who % LANG_SLOTS]!, count),
    );
  }

  /** The same entries under other key ids: `idOf[x]` for the batch's key id x (compaction). */
  compact(idOf: ArrayLike<number>): CompactProfiles {
    const n = this.entries.size;
    const k = new Int32Array(n);
    const w = new Int32Array(n);
    const c = new Uint32Array(n);
    let i = 0;
    this.entries.forEach((key, who, count) => {
      k[i] = idOf[key]!;
      w[i] = who;
      c[i++] = count;
    });
    const order = Uint32Array.from({ length: n }, (_, j) => j).sort((p, q) => k[p]! - k[q]!);
    const keys = Int32Array.from(order, (j) => k[j]!);
    const who = Int32Array.from(order, (j) => w[j]!);
    const counts = Uint32Array.from(order, (j) => c[j]!);
    return new CompactProfiles({ keys, who, counts, authors: this.authors, langs: this.langs });
  }

  /**
   * Whether `entries` more entries, by `authors` in `langs`, would all be recorded whatever their
   * order (batch-fill.ts adds a merge of parts at once only then).
   */
  fits(entries: number, authors: Iterable<string>, langs: Iterable<string>): boolean {
    if (this.entries.size + entries > this.maxEntries) return false;
    let a = this.authors.length;
    for (const name of authors) if (!this.authorIds.has(name)) a++;
    let l = this.langs.length;
    for (const name of langs) if (!this.langIds.has(name)) l++;
    return a <= Math.min(this.maxEntries, AUTHOR_SLOTS) && l <= LANG_SLOTS;
  }

  /** The packed author and language of a tweet, or -1 when a cap keeps it from being recorded. */
  private whoOf(author: string, lang: string): number {
    const a = intern(this.authorIds, this.authors, author, Math.min(this.maxEntries, AUTHOR_SLOTS));
    const l = intern(this.langIds, this.langs, lang, LANG_SLOTS);
    return a < 0 || l < 0 ? -1 : a * LANG_SLOTS + l;
  }
}

/** A closed batch's profiles under the string dictionary's key ids, sorted by key: 12 bytes an entry. */
export class CompactProfiles implements ProfileReader {
  constructor(
    private readonly t: {
      keys: Int32Array;
      who: Int32Array;
      counts: Uint32Array;
      authors: readonly string[];
      langs: readonly string[];
    },
  ) {}

  forEachOf(keyId: number, fn: (author: string, lang: string, tweets: number) => void): void {
    const { keys, who, counts, authors, langs } = this.t;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid]! < keyId) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < keys.length && keys[i] === keyId; i++) {
      fn(authors[(who[i]! / LANG_SLOTS) | 0]!, langs[who[i]! % LANG_SLOTS]!, counts[i]!);
    }
  }

  /** Every entry (checkpoints). */
  forEach(fn: (keyId: number, author: string, lang: string, tweets: number) => void): void {
    const { keys, who, counts, authors, langs } = this.t;
    for (let i = 0; i < keys.length; i++)
      fn(keys[i]!, authors[(who[i]! / LANG_SLOTS) | 0]!, langs[who[i]! % LANG_SLOTS]!, counts[i]!);
  }
}

/** `name`'s index in `names` (added when new and there is room), or -1. */
function intern(ids: Map<string, number>, names: string[], name: string, max: number): number {
  const id = ids.get(name);
  if (id !== undefined) return id;
  if (names.length >= max) return -1;
  ids.set(name, names.length);
  names.push(name);
  return names.length - 1;
}
