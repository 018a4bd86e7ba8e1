import type { ProfileReader } from './batch-profiles.ts';
import { topK, type Ranked } from './top-k.ts';

/** A batch's profiles as a window reads them, with the key's id in that batch (-1: not in it). */
export interface ProfiledBatch {
  readonly profiles: ProfileReader | null;
  readonly stats: { readonly tweetsWithTags: number };
  readonly keyId: number;
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
 * A key's profile over a window's batches, summed from their per-batch profiles; null when one of
 * them holds tweets with tags but kept no profiles, so that the sum would be wrong.
 */
export function tagProfile(batches: Iterable<ProfiledBatch>, topAuthors: number): TagProfile | null {
  const authors = new Map<string, number>();
  const langs = new Map<string, number>();
  let recorded = 0;
  for (const b of batches) {
    if (b.profiles === null) {
      if (b.stats.tweetsWithTags > 0) return null;
      continue;
    }
    if (b.keyId < 0) continue;
    b.profiles.forEachOf(b.keyId, (author, lang, n) => {
      authors.set(author, (authors.get(author) ?? 0) + n);
      langs.set(lang, (langs.get(lang) ?? 0) + n);
      recorded += n;
    });
  }
  return { authors: topK(authors, topAuthors), langs: topK(langs, langs.size), recorded };
}
