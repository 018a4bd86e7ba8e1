import type { KeyProfile } from './batch-profiles.ts';
import { topK, type Ranked } from './top-k.ts';

/** What a window reads of a batch for a key's profile. */
export interface ProfiledBatch {
  readonly profiles: { readonly byKey: ReadonlyMap<string, KeyProfile> } | null;
  readonly stats: { readonly tweetsWithTags: number };
}

/** Who wrote a key's tweets in a window, and in which languages. */
export interface TagProfile {
  /** The authors with the most tweets, count descending then handle ascending by code point. */
  authors: Ranked[];
  /** Every language, count descending then code ascending by code point. */
  langs: Ranked[];
  /** Tweets recorded with their author and language (the key's count less those past a batch's cap). */
  recorded: number;
}

/**
 * The profile of `key` over `batches` (a window's), summed from their per-batch profiles; null
 * when one of them holds tweets with tags but kept no profiles, so that the sum would be wrong.
 */
export function tagProfile(
  key: string,
  batches: Iterable<ProfiledBatch>,
  topAuthors: number,
): TagProfile | null {
  const authors = new Map<string, number>();
  const langs = new Map<string, number>();
  for (const b of batches) {
    if (b.profiles === null) {
      if (b.stats.tweetsWithTags > 0) return null;
      continue;
    }
    const p = b.profiles.byKey.get(key);
    if (p === undefined) continue;
    for (const [author, n] of p.authors) authors.set(author, (authors.get(author) ?? 0) + n);
    for (const [lang, n] of p.langs) langs.set(lang, (langs.get(lang) ?? 0) + n);
  }
  let recorded = 0;
  for (const n of langs.values()) recorded += n;
  return { authors: topK(authors, topAuthors), langs: topK(langs, langs.size), recorded };
}
