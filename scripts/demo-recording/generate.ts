/**
 * Generates the bundled demo recording: X API v2 filtered-stream lines (JSONL, gzip) with
 * trends that surge and fade, a long tail of hashtags in several scripts, retweets, quotes,
 * replies, long posts, and the artefacts a real recording holds (keep-alive blank lines,
 * `errors` notices, a few malformed lines). Deterministic: the same options give the same
 * bytes (on one Node.js version, whose zlib fixes the gzip output).
 */
import { gzipSync } from 'node:zlib';
import { EMOJI, LANGS, LEXICON, type Lang } from './lexicon.ts';
import { buildUsers, buildVocabulary, OneOffTags, tagKey, type TagDef, type User } from './population.ts';
import { Random, ZipfSampler } from './prng.ts';
import { SnowflakeMinter } from './snowflake.ts';
import { PLAN_MINUTES, shapeIntensity, SURGES, surgeRate, type Surge, type TagForms } from './surges.ts';
import { codePointLength, entitiesWithin, retweetText, TextBuilder, type BuiltText } from './text.ts';

export interface GenerateOptions {
  seed?: number;
  /** Length of the recording in minutes of tweet time. */
  minutes?: number;
  /** First instant of the recording (ISO-8601). */
  start?: string;
  /** gzip level (fixed so the output is reproducible). */
  level?: number;
}

export interface RecordingSummary {
  seed: number;
  minutes: number;
  start: string;
  /** Stream lines holding a tweet (`data`), malformed ones excluded. */
  tweets: number;
  retweets: number;
  quotes: number;
  replies: number;
  noteTweets: number;
  /** Share of tweets with no hashtag in the text that counts (for a retweet, the original's). */
  withoutHashtags: number;
  /** Distinct NFC lower-cased hashtags over every entity list in the file. */
  distinctTags: number;
  malformedLines: number;
  blankLines: number;
  errorLines: number;
  /** Lines in the file, blank ones included. */
  lines: number;
  rawBytes: number;
  gzipBytes: number;
  firstCreatedAt: string;
  lastCreatedAt: string;
}

export interface Recording {
  gzip: Buffer;
  /** The uncompressed JSONL text. */
  jsonl: string;
  summary: RecordingSummary;
}

export const DEFAULTS = {
  seed: 20261101,
  minutes: 30,
  start: '2026-11-01T18:00:00.000Z',
  level: 9,
} as const;

/** Background tweets per second before the daily-like bump. */
const BASE_RATE = 15;

/** The stream rules the recording was made with (the ingestor's `tagstream:` tags). */
interface Rule {
  id: string;
  tag: string;
}

interface TweetObject {
  id: string;
  text: string;
  created_at: string;
  author_id: string;
  lang: string;
  entities?: Record<string, unknown>;
  referenced_tweets?: { type: 'retweeted' | 'quoted' | 'replied_to'; id: string }[];
  in_reply_to_user_id?: string;
  note_tweet?: { text: string; entities?: Record<string, unknown> };
}

/** A posted tweet as the generator knows it: the object X would send, plus what counts. */
interface Posted {
  object: TweetObject;
  author: User;
  ms: number;
  /** Hashtag keys of the text that counts (full text; for a retweet, the original's). */
  keys: string[];
  /** Present when retweeting/quoting/replying to another tweet. */
  referenced?: Posted;
}

interface PoolItem {
  posted: Posted;
  weight: number;
}

/** A short trend on a background tag, so the top ten keeps moving between the big surges. */
interface Burst {
  tag: TagDef;
  start: number;
  end: number;
  peakRate: number;
}

interface Content {
  lang: Lang;
  tags: { surface: string; sign: string }[];
  phrases: readonly string[];
}

function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

function entitiesOf(b: BuiltText): Record<string, unknown> | undefined {
  const e: Record<string, unknown> = {};
  if (b.hashtags.length) e.hashtags = b.hashtags;
  if (b.mentions.length) e.mentions = b.mentions;
  if (b.urls.length) e.urls = b.urls;
  return Object.keys(e).length ? e : undefined;
}

function pickForm(rng: Random, forms: TagForms): string {
  return rng.weighted(forms.forms);
}

/** Mixed-case surface forms of one tag: the canonical form dominates. */
function surfaceVariant(rng: Random, surface: string): string {
  const r = rng.float();
  const lower = surface.toLowerCase();
  const upper = surface.toUpperCase();
  if (r < 0.08 && lower !== surface) return lower;
  if (r < 0.11 && upper !== surface) return upper;
  return surface;
}

class Generator {
  private readonly rng: Random;
  private readonly minter = new SnowflakeMinter();
  private readonly vocabulary: TagDef[];
  private readonly zipf: ZipfSampler;
  private readonly oneOffs: OneOffTags;
  private readonly users: Record<Lang, User[]>;
  private readonly startMs: number;
  private readonly spanMs: number;
  private readonly bursts: Burst[] = [];
  private readonly evergreen: PoolItem[] = [];
  private readonly recent: PoolItem[] = [];
  private readonly surgePools = new Map<Surge, PoolItem[]>();
  private readonly rules: { hashtags: Rule; sample: Rule; trends: Rule };

  constructor(
    private readonly seed: number,
    private readonly minutes: number,
    start: string,
  ) {
    this.rng = new Random(seed, 'stream');
    this.vocabulary = buildVocabulary(seed);
    this.zipf = new ZipfSampler(this.vocabulary.length, 1.0, 3);
    this.oneOffs = new OneOffTags(this.vocabulary);
    this.users = buildUsers(seed);
    this.startMs = Date.parse(start);
    if (!Number.isFinite(this.startMs)) throw new Error(`bad start instant: ${start}`);
    this.spanMs = Math.round(minutes * 60_000);
    const ruleRng = new Random(seed, 'rules');
    const ruleTime = this.startMs - 86_400_000;
    this.rules = {
      hashtags: { id: this.minter.mint(ruleTime, ruleRng), tag: 'tagstream:has-hashtags' },
      sample: { id: this.minter.mint(ruleTime, ruleRng), tag: 'tagstream:sample' },
      trends: { id: this.minter.mint(ruleTime + 1, ruleRng), tag: 'tagstream:trends' },
    };
    this.planBursts();
    for (const s of SURGES) this.surgePools.set(s, []);
  }

  /** Plan minute (0..30) of an instant. */
  private plan(ms: number): number {
    return ((ms - this.startMs) / this.spanMs) * PLAN_MINUTES;
  }

  private planBursts(): void {
    const rng = new Random(this.seed, 'bursts');
    const count = 48;
    for (let i = 0; i < count; i++) {
      const rank = rng.int(12, Math.min(700, this.vocabulary.length));
      const tag = this.vocabulary[rank];
      if (!tag) continue;
      const start = rng.range(-0.5, PLAN_MINUTES - 0.5);
      const length = rng.range(0.7, 2.6);
      this.bursts.push({ tag, start, end: start + length, peakRate: rng.range(0.7, 2.0) });
    }
  }

  private background(plan: number): number {
    // A daily-like bump: the evening rush peaks a little after the middle of the recording.
    return BASE_RATE * (0.82 + 0.36 * Math.exp(-Math.pow((plan - 17) / 8, 2)));
  }

  /** Activity is heavy-tailed: a quarter of the tweets come from the busiest 4% of accounts. */
  private pickUser(lang: Lang): User {
    const users = this.users[lang];
    if (this.rng.chance(0.25))
      return users[this.rng.int(0, Math.ceil(users.length * 0.04))] ?? this.rng.pick(users);
    return this.rng.pick(users);
  }

  private mint(ms: number): string {
    return this.minter.mint(ms, this.rng);
  }

  // ---- what a tweet says ----

  private langForTag(tag: TagDef): Lang {
    if (tag.lang !== 'en') return tag.lang;
    if (this.rng.chance(0.85)) return 'en';
    return this.randomLang();
  }

  private randomLang(): Lang {
    return this.rng.weighted(LANGS.map((l) => [l, LEXICON[l].share] as const));
  }

  private tagCount(): number {
    return this.rng.weighted([
      [0, 0.52],
      [1, 0.24],
      [2, 0.13],
      [3, 0.07],
      [4, 0.04],
    ]);
  }

  private sign(lang: Lang): string {
    return lang === 'ja' && this.rng.chance(0.12) ? '＃' : '#';
  }

  /** One background tag: from the Zipf vocabulary, or a one-off. Prefers the tweet's language. */
  private backgroundTag(lang: Lang, first: boolean): { surface: string; tag?: TagDef } {
    if (this.rng.chance(0.07)) return { surface: this.oneOffs.make(this.rng, lang) };
    for (let attempt = 0; ; attempt++) {
      const tag = this.vocabulary[this.zipf.sample(this.rng)];
      if (!tag) continue;
      if (first || tag.lang === lang || tag.lang === 'en' || attempt >= 8)
        return { surface: tag.surface, tag };
    }
  }

  private backgroundContent(): Content {
    const n = this.tagCount();
    if (n === 0) {
      const lang = this.randomLang();
      return { lang, tags: [], phrases: LEXICON[lang].phrases };
    }
    const first = this.backgroundTag('en', true);
    const lang = first.tag ? this.langForTag(first.tag) : this.randomLang();
    const picked = [first];
    for (let i = 1; i < n; i++) picked.push(this.backgroundTag(lang, false));
    return this.finishContent(
      lang,
      picked.map((p) => (p.tag ? surfaceVariant(this.rng, p.surface) : p.surface)),
      LEXICON[lang].phrases,
    );
  }

  private burstContent(burst: Burst): Content {
    const lang = this.langForTag(burst.tag);
    const surfaces = [surfaceVariant(this.rng, burst.tag.surface)];
    if (this.rng.chance(0.35)) surfaces.push(this.backgroundTag(lang, false).surface);
    return this.finishContent(lang, surfaces, LEXICON[lang].phrases);
  }

  private surgeContent(s: Surge): Content {
    const lang = this.rng.weighted(s.langs);
    const surfaces = [pickForm(this.rng, s.main)];
    for (const c of s.companions) if (this.rng.chance(c.p)) surfaces.push(pickForm(this.rng, c));
    if (this.rng.chance(0.25)) surfaces.push(this.backgroundTag(lang, false).surface);
    if (this.rng.chance(0.5)) this.rng.shuffle(surfaces);
    return this.finishContent(lang, surfaces, s.phrases[lang] ?? LEXICON[lang].phrases);
  }

  private finishContent(lang: Lang, surfaces: string[], phrases: readonly string[]): Content {
    const tags = surfaces.map((surface) => {
      // A few accented Latin tags arrive decomposed (NFD, `u` + U+0301), as some clients send them.
      const decomposable = /\p{Script=Latin}/u.test(surface) && surface !== surface.normalize('NFD');
      const form = decomposable && this.rng.chance(0.03) ? surface.normalize('NFD') : surface;
      return { surface: form, sign: this.sign(lang) };
    });
    // Now and then the same tag twice in one tweet, in another case: it still counts once.
    const firstTag = tags[0];
    if (firstTag && this.rng.chance(0.01)) tags.push({ surface: firstTag.surface.toUpperCase(), sign: '#' });
    return { lang, tags, phrases };
  }

  // ---- how it is written ----

  private punctuation(lang: Lang): string {
    if (lang === 'ja') return this.rng.pick(['。', '、', '！', '']);
    return this.rng.pick([',', '.', '!', '?', ':', '!!', '']);
  }

  /** Writes a short text: phrases, emoji, the hashtags in one of a few common layouts. */
  private writeShort(b: TextBuilder, c: Content, tricks: boolean): void {
    const phrase = () => this.rng.pick(c.phrases);
    const style =
      c.tags.length === 0
        ? 'plain'
        : this.rng.weighted([
            ['end', 0.5],
            ['inline', 0.28],
            ['front', 0.1],
            ['emoji', 0.12],
          ] as const);
    switch (style) {
      case 'plain':
        b.space().add(phrase());
        if (this.rng.chance(0.3)) b.space().add(phrase());
        if (this.rng.chance(0.3)) b.space().add(this.rng.pick(EMOJI));
        break;
      case 'end':
        b.space().add(phrase());
        if (this.rng.chance(0.35)) b.space().add(this.rng.pick(EMOJI));
        for (const t of c.tags) b.space().hashtag(t.surface, t.sign);
        break;
      case 'inline':
        for (const t of c.tags) {
          b.space().add(phrase());
          b.space();
          if (this.rng.chance(0.15)) {
            b.add('(').hashtag(t.surface, t.sign).add(')');
          } else {
            b.hashtag(t.surface, t.sign).add(this.punctuation(c.lang));
          }
        }
        if (this.rng.chance(0.4)) b.space().add(phrase());
        break;
      case 'front':
        for (const t of c.tags) b.space().hashtag(t.surface, t.sign);
        b.space().add(phrase());
        break;
      case 'emoji':
        b.space().add(phrase());
        for (const t of c.tags) {
          b.space();
          if (this.rng.chance(0.5)) b.add(this.rng.pick(EMOJI)).hashtag(t.surface, t.sign);
          else b.hashtag(t.surface, t.sign).add(this.rng.pick(EMOJI));
        }
        break;
    }
    if (!tricks) return;
    // Things that look like hashtags but are not.
    const r = this.rng.float();
    if (r < 0.02) b.space().add(this.rng.pick(['#2026', '#1', '#100', '#24']));
    else if (r < 0.03)
      b.space().add(this.rng.pick(['https://example.com/guide#setup', 'https://tagstream.dev/docs#replay']));
    else if (r < 0.034) b.space().add(this.rng.pick(['#wow#amazing', '#ether#eth']));
    else if (r < 0.037) b.space().add(this.rng.pick(['x#y', 'C#', 'F#minor']));
  }

  /** Writes a long text (over 140 code points), with a hashtag near the end. */
  private writeLong(b: TextBuilder, c: Content, target: number): void {
    const end = LEXICON[c.lang].sentenceEnd;
    const tags = [...c.tags];
    const last = tags.pop();
    let sentences = 0;
    let previous = '';
    while (b.codePoints < target) {
      if (sentences > 0) {
        if (!/[.!?。！？:]$/u.test(previous)) b.add(end.trimEnd());
        b.space();
      }
      previous = this.rng.pick(c.phrases);
      b.add(previous);
      sentences++;
      const t = tags.shift();
      if (t && this.rng.chance(0.6)) b.space().hashtag(t.surface, t.sign);
      else if (t) tags.unshift(t);
    }
    for (const t of tags) b.space().hashtag(t.surface, t.sign);
    if (last) b.add(end.trimEnd()).space().hashtag(last.surface, last.sign);
  }

  // ---- tweets ----

  private tweetObject(
    id: string,
    ms: number,
    author: User,
    lang: Lang,
    body: BuiltText,
    extra: Partial<TweetObject> = {},
  ): TweetObject {
    const entities = entitiesOf(body);
    // Field order as in the brief's example. (`edit_history_tweet_ids`, a default field, is left
    // out: it repeats the id and costs 10% of the file.)
    return {
      id,
      text: body.text,
      created_at: isoOf(ms),
      author_id: author.id,
      lang,
      ...(entities ? { entities } : {}),
      ...extra,
    };
  }

  /** An original tweet (maybe long, maybe a long post with `note_tweet`). */
  private original(ms: number, c: Content, allowTricks: boolean, longChance: number): Posted {
    const author = this.pickUser(c.lang);
    const id = this.mint(ms);
    const b = new TextBuilder();
    const kind =
      c.tags.length > 0 && this.rng.float() < longChance
        ? this.rng.chance(0.08)
          ? 'note'
          : 'long'
        : 'short';
    if (kind === 'short') {
      this.writeShort(b, c, allowTricks);
      const full = b.build();
      return {
        object: this.tweetObject(id, ms, author, c.lang, full),
        author,
        ms,
        keys: full.hashtags.map((h) => tagKey(h.tag)),
      };
    }
    if (kind === 'long') {
      this.writeLong(b, c, this.rng.int(120, 230));
      const full = b.build();
      return {
        object: this.tweetObject(id, ms, author, c.lang, full),
        author,
        ms,
        keys: full.hashtags.map((h) => tagKey(h.tag)),
      };
    }
    // A long post: `text` is its first 280 code points, `note_tweet` holds all of it.
    let full: BuiltText;
    for (;;) {
      const nb = new TextBuilder();
      this.writeLong(nb, c, this.rng.int(300, 700));
      full = nb.build();
      // Never let the 280 cut fall inside a hashtag: a half tag would show in `text`.
      const split = full.hashtags.some((h) => h.start < 280 && h.end > 280);
      if (!split && codePointLength(full.text) > 280) break;
    }
    const shown = entitiesWithin(full, 280);
    const note: TweetObject['note_tweet'] = { text: full.text };
    const noteEntities = entitiesOf(full);
    if (noteEntities) note.entities = noteEntities;
    return {
      object: this.tweetObject(id, ms, author, c.lang, shown, { note_tweet: note }),
      author,
      ms,
      keys: full.hashtags.map((h) => tagKey(h.tag)),
    };
  }

  private retweet(ms: number, target: Posted): Posted {
    const author = this.pickUser(target.object.lang as Lang);
    const id = this.mint(ms);
    const fullText = target.object.note_tweet?.text ?? target.object.text;
    const fullEntities = (target.object.note_tweet?.entities ?? target.object.entities ?? {}) as {
      hashtags?: BuiltText['hashtags'];
    };
    const body = retweetText(target.author.username, target.author.id, {
      text: fullText,
      hashtags: fullEntities.hashtags ?? [],
      mentions: [],
      urls: [],
    });
    return {
      object: this.tweetObject(id, ms, author, target.object.lang as Lang, body, {
        referenced_tweets: [{ type: 'retweeted', id: target.object.id }],
      }),
      author,
      ms,
      keys: target.keys,
      referenced: target,
    };
  }

  private quote(ms: number, c: Content, target: Posted): Posted {
    const author = this.pickUser(c.lang);
    const id = this.mint(ms);
    const b = new TextBuilder();
    this.writeShort(b, c, false);
    let short = 'https://t.co/';
    for (let i = 0; i < 10; i++)
      short += this.rng.pick([...'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789']);
    b.space().url(short, `https://x.com/${target.author.username}/status/${target.object.id}`);
    const body = b.build();
    return {
      object: this.tweetObject(id, ms, author, c.lang, body, {
        referenced_tweets: [{ type: 'quoted', id: target.object.id }],
      }),
      author,
      ms,
      keys: body.hashtags.map((h) => tagKey(h.tag)),
      referenced: target,
    };
  }

  private reply(ms: number, c: Content, target: Posted): Posted {
    const author = this.pickUser(c.lang);
    const id = this.mint(ms);
    const b = new TextBuilder();
    b.mention(target.author.username, target.author.id);
    this.writeShort(b, c, true);
    const body = b.build();
    return {
      object: this.tweetObject(id, ms, author, c.lang, body, {
        referenced_tweets: [{ type: 'replied_to', id: target.object.id }],
        in_reply_to_user_id: target.author.id,
      }),
      author,
      ms,
      keys: body.hashtags.map((h) => tagKey(h.tag)),
      referenced: target,
    };
  }

  private popularity(): number {
    // Pareto: most tweets get a retweet or two, a few get hundreds.
    return Math.min(300, 1 / Math.pow(1 - this.rng.float(), 1 / 1.1));
  }

  private pickFromPool(pool: PoolItem[], notAfter: number): Posted | undefined {
    let total = 0;
    for (const item of pool) if (item.posted.ms <= notAfter) total += item.weight;
    if (total === 0) return undefined;
    let r = this.rng.float() * total;
    for (const item of pool) {
      if (item.posted.ms > notAfter) continue;
      r -= item.weight;
      if (r < 0) return item.posted;
    }
    return undefined;
  }

  private remember(pool: PoolItem[], posted: Posted, cap: number): void {
    const item = { posted, weight: this.popularity() };
    if (pool.length < cap) pool.push(item);
    else pool[this.rng.int(0, pool.length)] = item;
  }

  /** Tweets posted before the recording starts, retweeted and answered during it. */
  private seedEvergreen(): void {
    for (let i = 0; i < 260; i++) {
      const ms = this.startMs - Math.floor(60_000 + this.rng.exponential(6 * 3_600_000));
      const c = this.backgroundContent();
      this.remember(
        this.evergreen,
        this.original(Math.max(ms, this.startMs - 2 * 86_400_000), c, false, 0.2),
        260,
      );
    }
  }

  /** One tweet of the stream at instant `ms`, for a surge, a burst, or the background. */
  private tweet(ms: number, source: Surge | Burst | null): Posted {
    const isSurge = source !== null && 'main' in source;
    const kind = this.rng.weighted([
      ['retweet', isSurge ? 0.34 : 0.25],
      ['reply', 0.06],
      ['quote', 0.035],
      ['original', isSurge ? 0.565 : 0.655],
    ] as const);
    if (kind === 'retweet') {
      let target: Posted | undefined;
      if (isSurge) target = this.pickFromPool(this.surgePools.get(source) ?? [], ms - 3000);
      else target = this.pickFromPool(this.rng.chance(0.5) ? this.evergreen : this.recent, ms - 3000);
      if (!target) target = this.pickFromPool(this.evergreen, ms);
      if (target) return this.retweet(ms, target);
    }
    const content =
      source === null
        ? this.backgroundContent()
        : isSurge
          ? this.surgeContent(source)
          : this.burstContent(source);
    if (kind === 'reply' || kind === 'quote') {
      const target = this.pickFromPool(this.rng.chance(0.5) ? this.evergreen : this.recent, ms - 3000);
      if (target) return kind === 'reply' ? this.reply(ms, content, target) : this.quote(ms, content, target);
    }
    const posted = this.original(ms, content, true, 0.12);
    if (isSurge) this.remember(this.surgePools.get(source) ?? [], posted, 40);
    else if (this.rng.chance(0.2)) this.remember(this.recent, posted, 400);
    return posted;
  }

  // ---- the stream ----

  private streamLine(p: Posted): string {
    const includesUsers = [p.author];
    const includesTweets: TweetObject[] = [];
    if (p.referenced) {
      includesTweets.push(p.referenced.object);
      if (p.referenced.author.id !== p.author.id) includesUsers.push(p.referenced.author);
    }
    const tagged = p.keys.length > 0;
    const rules: Rule[] = tagged ? [this.rules.hashtags] : [this.rules.sample];
    if (tagged && p.keys.some((k) => SURGES.some((s) => s.key === k))) rules.push(this.rules.trends);
    const line = {
      data: p.object,
      includes: {
        users: includesUsers.map((u) => ({ id: u.id, username: u.username, name: u.name })),
        ...(includesTweets.length ? { tweets: includesTweets } : {}),
      },
      matching_rules: rules,
    };
    return JSON.stringify(line);
  }

  generate(): { lines: string[]; summary: Omit<RecordingSummary, 'rawBytes' | 'gzipBytes' | 'lines'> } {
    this.seedEvergreen();
    interface Delivered {
      line: string;
      deliverAt: number;
      order: number;
      posted: Posted;
    }
    const delivered: Delivered[] = [];
    const seconds = Math.ceil(this.spanMs / 1000);
    let order = 0;
    for (let s = 0; s < seconds; s++) {
      const secondStart = this.startMs + s * 1000;
      const plan = this.plan(secondStart + 500);
      const arrivals: { ms: number; source: Surge | Burst | null }[] = [];
      const arrive = (rate: number, source: Surge | Burst | null) => {
        const n = this.rng.poisson(rate);
        for (let i = 0; i < n; i++) {
          const ms = secondStart + this.rng.int(0, 1000);
          if (ms < this.startMs + this.spanMs) arrivals.push({ ms, source });
        }
      };
      arrive(this.background(plan), null);
      for (const surge of SURGES) {
        // A trickle of the surge tag at all times, as real trends have before and after.
        arrive(surgeRate(surge, plan) + 0.02, surge);
      }
      for (const burst of this.bursts) {
        const x = (plan - burst.start) / (burst.end - burst.start);
        const rate = burst.peakRate * shapeIntensity('swell', x);
        if (rate > 0) arrive(rate, burst);
      }
      arrivals.sort((a, b) => a.ms - b.ms);
      for (const a of arrivals) {
        const posted = this.tweet(a.ms, a.source);
        // Delivery delay: usually well under a second, sometimes a few seconds (never over 4.5 s).
        let delay = 120 + this.rng.exponential(350);
        if (this.rng.chance(0.015)) delay += this.rng.range(1000, 3500);
        delay = Math.min(delay, 4500);
        delivered.push({ line: this.streamLine(posted), deliverAt: a.ms + delay, order: order++, posted });
      }
    }
    delivered.sort((a, b) => a.deliverAt - b.deliverAt || a.order - b.order);

    // ---- artefacts: keep-alives, error notices, malformed lines ----
    const art = new Random(this.seed, 'artefacts');
    const lines = delivered.map((d) => d.line);
    const n = lines.length;
    const at = (frac: number) => Math.min(n, Math.max(0, Math.floor(n * frac)));
    const inserts: { index: number; line: string }[] = [];
    const blanks = Math.max(2, Math.round(this.minutes / 3));
    for (let i = 0; i < blanks; i++) inserts.push({ index: at(art.float()), line: '' });
    inserts.push({
      index: at(0.31),
      line: JSON.stringify({
        errors: [
          {
            title: 'operational-disconnect',
            disconnect_type: 'UpstreamOperationalDisconnect',
            detail: 'This stream has been disconnected upstream for operational reasons.',
            type: 'https://api.twitter.com/2/problems/operational-disconnect',
          },
        ],
      }),
    });
    inserts.push({
      index: at(0.74),
      line: JSON.stringify({
        errors: [
          {
            title: 'ConnectionException',
            detail: 'This stream is currently at the maximum allowed connection limit.',
            connection_issue: 'TooManyConnections',
            type: 'https://api.twitter.com/2/problems/streaming-connection',
          },
        ],
      }),
    });
    // Truncated lines: a write cut short (the tweet is lost), cut at a code point boundary.
    const truncatedAt = n >= 20 ? [0.07, 0.42, 0.88] : [];
    for (const f of truncatedAt) {
      const index = Math.min(n - 1, at(f));
      const chars = Array.from(lines[index] ?? '');
      lines[index] = chars.slice(0, Math.floor(chars.length * art.range(0.3, 0.8))).join('');
    }
    const sampleId = delivered[at(0.5)]?.posted.object.id ?? '0';
    const garbage = [
      '{garbage: not json at all}',
      `{'data': {'id': '${sampleId}', 'text': 'a python repr, not JSON'}}`,
      '{"data": NaN}',
      `{"data":{"id":"${sampleId}","text":"an extra brace"}}}`,
    ];
    const garbageAt = [0.19, 0.47, 0.63, 0.95];
    garbage.forEach((line, i) => inserts.push({ index: at(garbageAt[i] ?? 0.5), line }));
    // Two lines run together (a lost newline): neither parses.
    if (n >= 20) {
      const index = Math.min(n - 2, at(0.55));
      lines[index] = (lines[index] ?? '') + (lines[index + 1] ?? '');
      lines.splice(index + 1, 1);
    }
    // Apply inserts from the back so indices stay valid.
    inserts.sort((a, b) => b.index - a.index);
    for (const ins of inserts) lines.splice(ins.index, 0, ins.line);

    // ---- summary ----
    const keys = new Set<string>();
    const addKeys = (o: TweetObject) => {
      for (const e of [o.entities, o.note_tweet?.entities]) {
        const hashtags = (e as { hashtags?: { tag: string }[] } | undefined)?.hashtags ?? [];
        for (const h of hashtags) keys.add(tagKey(h.tag));
      }
    };
    let tweets = 0;
    let retweets = 0;
    let quotes = 0;
    let replies = 0;
    let notes = 0;
    let untagged = 0;
    let first = Infinity;
    let last = -Infinity;
    // Which delivered tweets survived intact: rebuild from the lines themselves.
    for (const line of lines) {
      if (!line.startsWith('{"data"')) continue;
      let parsed: { data: TweetObject; includes?: { tweets?: TweetObject[] } };
      try {
        parsed = JSON.parse(line) as typeof parsed;
      } catch {
        continue;
      }
      tweets++;
      const o = parsed.data;
      addKeys(o);
      for (const t of parsed.includes?.tweets ?? []) addKeys(t);
      const ref = o.referenced_tweets?.[0]?.type;
      if (ref === 'retweeted') retweets++;
      if (ref === 'quoted') quotes++;
      if (ref === 'replied_to') replies++;
      if (o.note_tweet) notes++;
      const ms = Date.parse(o.created_at);
      first = Math.min(first, ms);
      last = Math.max(last, ms);
      let counted = o.note_tweet?.entities ?? o.entities;
      if (ref === 'retweeted') {
        const orig = parsed.includes?.tweets?.[0];
        counted = orig?.note_tweet?.entities ?? orig?.entities;
      }
      if (!(counted as { hashtags?: unknown[] } | undefined)?.hashtags?.length) untagged++;
    }
    let malformed = 0;
    for (const l of lines) {
      if (l === '') continue;
      try {
        JSON.parse(l);
      } catch {
        malformed++;
      }
    }
    return {
      lines,
      summary: {
        seed: this.seed,
        minutes: this.minutes,
        start: isoOf(this.startMs),
        tweets,
        retweets,
        quotes,
        replies,
        noteTweets: notes,
        withoutHashtags: tweets ? untagged / tweets : 0,
        distinctTags: keys.size,
        malformedLines: malformed,
        blankLines: lines.filter((l) => l === '').length,
        errorLines: lines.filter((l) => l.startsWith('{"errors"')).length,
        firstCreatedAt: isoOf(first),
        lastCreatedAt: isoOf(last),
      },
    };
  }
}

/** Generates a recording in memory. */
export function generateDemoRecording(options: GenerateOptions = {}): Recording {
  const seed = options.seed ?? DEFAULTS.seed;
  const minutes = options.minutes ?? DEFAULTS.minutes;
  const start = options.start ?? DEFAULTS.start;
  const level = options.level ?? DEFAULTS.level;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new Error(`seed must be a 32-bit unsigned integer`);
  if (!(minutes > 0 && minutes <= 24 * 60)) throw new Error(`minutes must be in (0, 1440]`);
  const { lines, summary } = new Generator(seed, minutes, start).generate();
  const jsonl = lines.join('\n') + '\n';
  const raw = Buffer.from(jsonl, 'utf8');
  const gzip = gzipSync(raw, { level, memLevel: 9 });
  return {
    gzip,
    jsonl,
    summary: { ...summary, lines: lines.length, rawBytes: raw.length, gzipBytes: gzip.length },
  };
}
