/** What a source left out: the author or language of a tweet that had none. */
export const UNKNOWN = 'unknown';

/** Who wrote a key's tweets in one batch, and in which languages. */
export interface KeyProfile {
  /** Tweets by author handle (`unknown` when the source gave none). */
  readonly authors: Map<string, number>;
  /** Tweets by language as the source reported it (`unknown` when it gave none). */
  readonly langs: Map<string, number>;
}

/** A counted tweet's author and language, as its source gave them. */
export interface TweetOrigin {
  readonly author: string | null;
  readonly lang: string | null;
}

/**
 * The authors and languages of one batch's counted tweets, per key (the drill-down's "who and
 * which languages"). Kept while a window may still read the batch, then let go, as its pairs.
 *
 * Bounded: at most `maxEntries` (key, author) and (key, language) entries in all. A tweet whose
 * entries would pass the cap is not recorded for that key at all, so every recorded tweet has
 * both its author and its language, and a key's recorded tweets are its count less the ones that
 * went unrecorded (what the window reports as `unrecorded`).
 */
export class BatchProfiles {
  readonly byKey = new Map<string, KeyProfile>();
  /** Entries held, (key, author) and (key, language) together. */
  entries = 0;

  constructor(private readonly maxEntries: number) {}

  /** One counted tweet's distinct keys, `keys[0…n)`, and where it came from. */
  addTweet(keys: readonly string[], n: number, origin: TweetOrigin): void {
    const author = origin.author ?? UNKNOWN;
    const lang = origin.lang ?? UNKNOWN;
    for (let i = 0; i < n; i++) this.add(keys[i]!, author, lang, 1);
  }

  /** Adds `count` tweets of `key` by `author` in `lang`; false (nothing added) at the cap. */
  add(key: string, author: string, lang: string, count: number): boolean {
    let p = this.byKey.get(key);
    const needed = (p?.authors.has(author) ? 0 : 1) + (p?.langs.has(lang) ? 0 : 1);
    if (needed > 0 && this.entries + needed > this.maxEntries) return false;
    if (p === undefined) this.byKey.set(key, (p = { authors: new Map(), langs: new Map() }));
    p.authors.set(author, (p.authors.get(author) ?? 0) + count);
    p.langs.set(lang, (p.langs.get(lang) ?? 0) + count);
    this.entries += needed;
    return true;
  }

  /** Takes over a key's saved profile (a checkpoint's, made under the same cap). */
  load(key: string, authors: Iterable<[string, number]>, langs: Iterable<[string, number]>): void {
    const p: KeyProfile = { authors: new Map(authors), langs: new Map(langs) };
    this.byKey.set(key, p);
    this.entries += p.authors.size + p.langs.size;
  }
}
