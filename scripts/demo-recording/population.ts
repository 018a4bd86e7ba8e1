/**
 * The hashtag vocabulary (a few thousand tags with Zipf popularity) and the user pool.
 * Both depend on the seed only, never on the length of the recording.
 */
import { EMOJI, LANGS, LEXICON, ONE_OFF_JA, ONE_OFF_WORDS, type Lang } from './lexicon.ts';
import { Random } from './prng.ts';
import { SURGES } from './surges.ts';

export interface TagDef {
  /** Canonical (dominant) surface form, without `#`. */
  surface: string;
  /** NFC lower-cased: the counting key. */
  key: string;
  lang: Lang;
}

export function tagKey(tag: string): string {
  return tag.normalize('NFC').toLowerCase();
}

/** Always-popular background tags: the head of the Zipf law, in this order. */
export const ALWAYS_POPULAR: readonly string[] = [
  'NowPlaying',
  'AI',
  'NFL',
  'SundayFunday',
  'Bitcoin',
  'BTS',
  'photography',
  'FantasyFootball',
  '東京',
  'LaLiga',
];

function langOfCurated(tag: string): Lang {
  for (const lang of LANGS) if (LEXICON[lang].curatedTags.includes(tag)) return lang;
  return 'en';
}

/**
 * The vocabulary in popularity order: the always-popular tags first, then every curated tag
 * and a sample of prefix/suffix combinations per language, shuffled. Surge tags are left out
 * (they get their own schedule); keys are unique.
 */
export function buildVocabulary(seed: number): TagDef[] {
  const rng = new Random(seed, 'vocabulary');
  const reserved = new Set(SURGES.map((s) => s.key));
  const seen = new Set<string>();
  const head: TagDef[] = [];
  const rest: TagDef[] = [];
  const add = (list: TagDef[], surface: string, lang: Lang) => {
    const key = tagKey(surface);
    if (seen.has(key) || reserved.has(key)) return;
    seen.add(key);
    list.push({ surface, key, lang });
  };
  for (const tag of ALWAYS_POPULAR) add(head, tag, langOfCurated(tag));
  for (const lang of LANGS) {
    const lex = LEXICON[lang];
    for (const tag of lex.curatedTags) add(rest, tag, lang);
    const combos: string[] = [];
    for (const p of lex.tagPrefixes)
      for (const s of lex.tagSuffixes) if (p !== s) combos.push(p + lex.joiner + s);
    rng.shuffle(combos);
    for (const combo of combos.slice(0, lex.combinations)) {
      // A few combinations carry a year or a number, as real tags often do.
      const r = rng.float();
      const surface = r < 0.06 ? `${combo}2026` : r < 0.08 ? `${combo}${rng.int(2, 100)}` : combo;
      add(rest, surface, lang);
    }
  }
  return [...head, ...rng.shuffle(rest)];
}

/** Makes tags used once: someone's own project tag, a joke, a typo. Never a vocabulary key. */
export class OneOffTags {
  private readonly used: Set<string>;

  constructor(vocabulary: readonly TagDef[]) {
    this.used = new Set(vocabulary.map((t) => t.key));
    for (const s of SURGES) this.used.add(s.key);
  }

  make(rng: Random, lang: Lang): string {
    for (;;) {
      let tag: string;
      if (lang === 'ja') {
        tag = rng.pick(ONE_OFF_JA) + rng.pick(ONE_OFF_JA) + rng.pick(['日記', '部', '記録', 'の会', '']);
        if (rng.chance(0.3)) tag += String(rng.int(1, 100));
      } else {
        const a = rng.pick(ONE_OFF_WORDS);
        const b = rng.pick(ONE_OFF_WORDS);
        const r = rng.float();
        if (r < 0.35) tag = `${a}${b}${rng.int(1, 1000)}`;
        else if (r < 0.6)
          tag = `${a}${b}${rng.pick(['Day', 'Club', 'Life', 'Time', 'Vibes'])}${rng.int(1, 100)}`;
        else if (r < 0.8) tag = `${a.toLowerCase()}_${b.toLowerCase()}_${rng.int(1, 100)}`;
        else tag = `${a}${rng.pick(['With', 'And', 'Of', 'For'])}${b}${rng.int(1, 10)}`;
      }
      const key = tagKey(tag);
      if (!this.used.has(key)) {
        this.used.add(key);
        return tag;
      }
    }
  }
}

export interface User {
  id: string;
  username: string;
  name: string;
  lang: Lang;
}

/**
 * A pool of users per language. Ids look like X's: old accounts have short numeric ids,
 * accounts since late 2013 have Snowflake ids from their creation date.
 */
export function buildUsers(seed: number, perLanguageScale = 2400): Record<Lang, User[]> {
  const rng = new Random(seed, 'users');
  const ids = new Set<string>();
  const handles = new Set<string>();
  const out = {} as Record<Lang, User[]>;
  for (const lang of LANGS) {
    const lex = LEXICON[lang];
    const users: User[] = [];
    const count = Math.max(60, Math.round(perLanguageScale * lex.share * 4));
    while (users.length < count) {
      let id: string;
      if (rng.chance(0.35)) {
        id = String(rng.int(12_000, 2_400_000_000));
      } else {
        // Created between 2014-01 and 2026-06: ms since the Twitter epoch, shifted by 22 bits.
        const ms = rng.range(1388534400000, 1780272000000) - 1288834974657;
        id = ((BigInt(Math.floor(ms)) << 22n) | BigInt(rng.int(0, 1 << 22))).toString();
      }
      if (ids.has(id)) continue;
      let handle = '';
      const parts = rng.int(1, 3);
      for (let i = 0; i < parts; i++)
        handle += (i > 0 && rng.chance(0.4) ? '_' : '') + rng.pick(lex.handleSyllables);
      const tail = rng.float();
      if (tail < 0.3) handle += String(rng.int(1, 100));
      else if (tail < 0.4) handle += String(rng.int(1970, 2010));
      else if (tail < 0.55) handle += '_' + rng.pick(['x', 'tv', 'fan', 'official', 'daily', 'jp', 'news']);
      handle = handle.slice(0, 15);
      if (handles.has(handle.toLowerCase())) continue;
      const given = rng.pick(lex.givenNames);
      const family = rng.pick(lex.familyNames);
      let name =
        lex.nameOrder === 'family-given'
          ? `${family}${lang === 'ko' ? '' : ' '}${given}`
          : `${given} ${family}`;
      if (rng.chance(0.2)) name = given;
      if (rng.chance(0.12)) name += ' ' + rng.pick(EMOJI);
      ids.add(id);
      handles.add(handle.toLowerCase());
      users.push({ id, username: handle, name, lang });
    }
    out[lang] = users;
  }
  return out;
}
