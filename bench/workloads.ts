import { extractHashtags, toWireLine, type Tweet } from '@tagstream/tweets';

/** A small seeded PRNG (mulberry32) so every run measures the same lines. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'the a stream of data is moving fast today and everyone watches the chart live on stage now'.split(' ');

const START = Date.parse('2026-11-22T10:00:00.000Z');
const SNOWFLAKE_EPOCH = 1288834974657n;

/** The kinds of line the core benchmark measures. */
export type WorkloadKind = 'normalized' | 'normalized+tags' | 'v2' | 'v1';

/**
 * One synthetic tweet: 8–15 words with 0–3 hashtags drawn from a Zipf-like
 * vocabulary of `distinct` tags (rank r with probability about 1/r); one tag
 * in ten is written lower-case, so keys also see a second surface form.
 */
function tweetAt(i: number, count: number, distinct: number, spanMs: number, rand: () => number): Tweet {
  const words: string[] = [];
  const n = 8 + Math.floor(rand() * 8);
  for (let w = 0; w < n; w++) words.push(WORDS[Math.floor(rand() * WORDS.length)]!);
  const tags = Math.floor(rand() * 4);
  for (let t = 0; t < tags; t++) {
    const rank = Math.floor(distinct ** rand());
    const tag = rand() < 0.1 ? `#tag${rank}` : `#Tag${rank}`;
    words.splice(Math.floor(rand() * words.length), 0, tag);
  }
  const time = START + Math.floor((i / count) * spanMs);
  // Snowflake ids consistent with the time, unique per line.
  const id = ((BigInt(time) - SNOWFLAKE_EPOCH) << 22n) | BigInt(i % 4_194_304);
  return { id: String(id), time, text: words.join(' '), retweet: false, author: null, lang: 'en' };
}

/**
 * Normalized wire lines (about 150 bytes each) as our ingestor sends them,
 * event times spread over `spanMs`. With `withTags`, each line also carries
 * its `hashtags` list, as the ingestor writes when the source gave entities.
 */
export function normalizedLines(
  count: number,
  distinct: number,
  spanMs = 600_000,
  seed = 1,
  withTags = false,
): string[] {
  const rand = prng(seed);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = tweetAt(i, count, distinct, spanMs, rand);
    if (withTags) t.hashtags = extractHashtags(t.text);
    lines.push(toWireLine(t));
  }
  return lines;
}

const BIO =
  'Data nerd, coffee first. Opinions are my own; retweets are not endorsements. Writing about streaming systems, charts and the people who build them. she/her';

/** A user object as v2 expansions carry it with the usual user.fields. */
function v2User(id: string, name: string): object {
  return {
    id,
    username: name,
    name: name.replace(/_/g, ' '),
    description: BIO,
    created_at: '2014-03-02T10:11:12.000Z',
    location: 'Lisbon, Portugal',
    verified: false,
    protected: false,
    profile_image_url: `https://pbs.twimg.com/profile_images/1${id.slice(-9)}/avatar_normal.jpg`,
    url: 'https://t.co/AbCdEfGhIj',
    public_metrics: { followers_count: 1843, following_count: 512, tweet_count: 20931, listed_count: 17 },
  };
}

const CONTEXT = [
  {
    domain: { id: '46', name: 'Business Taxonomy', description: 'Categories within Brand Verticals' },
    entity: {
      id: '1557696940178935808',
      name: 'Gaming Business',
      description: 'Brands, companies, advertisers and every non-person handle with the profit intent',
    },
  },
  {
    domain: { id: '66', name: 'Interests and Hobbies Category' },
    entity: { id: '847544972781826048', name: 'Technology', description: 'Technology and computing' },
  },
  {
    domain: { id: '131', name: 'Unified Twitter Taxonomy', description: 'A taxonomy of user interests.' },
    entity: { id: '848920371311001600', name: 'Technology', description: 'Technology and computing' },
  },
];

/**
 * Full X API v2 filtered-stream lines (about 4 KB): the tweet with entities,
 * context annotations and metrics, and the expansions (author, mentioned user,
 * the referenced tweet), like samples/demo.jsonl.gz lines with every field a
 * real `tweet.fields`/`user.fields`/`expansions` request returns.
 */
export function v2Lines(count: number, distinct: number, spanMs = 600_000, seed = 2): string[] {
  const rand = prng(seed);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = tweetAt(i, count, distinct, spanMs, rand);
    const tags = hashtagEntities(t.text, 'tag');
    const authorId = String(1_000_000_000 + (i % 5000));
    const quoted = String(BigInt(t.id!) - 4_194_304_000n);
    const data = {
      id: t.id,
      text: `@other_user ${t.text}`,
      attachments: { media_keys: ['3_1850000000000000001'] },
      created_at: new Date(t.time!).toISOString(),
      author_id: authorId,
      conversation_id: t.id,
      edit_history_tweet_ids: [t.id],
      lang: 'en',
      possibly_sensitive: false,
      reply_settings: 'everyone',
      source: 'Twitter for iPhone',
      entities: {
        hashtags: tags.map((h) => ({ ...h, start: h.start + 12, end: h.end + 12 })),
        mentions: [{ start: 0, end: 11, username: 'other_user', id: '2157715418' }],
        urls: [
          {
            start: 90,
            end: 113,
            url: 'https://t.co/qWeRtYuIoP',
            expanded_url: 'https://twitter.com/user/status/1850000000000000001/photo/1',
            display_url: 'pic.twitter.com/qWeRtYuIoP',
            media_key: '3_1850000000000000001',
          },
        ],
        annotations: [{ start: 20, end: 25, probability: 0.57, type: 'Other', normalized_text: 'stream' }],
      },
      context_annotations: CONTEXT,
      public_metrics: {
        retweet_count: 3,
        reply_count: 1,
        like_count: 12,
        quote_count: 0,
        impression_count: 845,
      },
      referenced_tweets: [{ type: 'quoted', id: quoted }],
    };
    const line = {
      data,
      includes: {
        users: [
          v2User(authorId, `user${i % 5000}`),
          v2User('2157715418', 'other_user'),
          v2User('2157715419', 'quoted_author'),
        ],
        media: [
          {
            media_key: '3_1850000000000000001',
            type: 'photo',
            url: 'https://pbs.twimg.com/media/GabCdEfGhIjKlMn.jpg',
            width: 1536,
            height: 2048,
            alt_text: 'A line chart of hashtag counts over the last hour, the top ten highlighted in colour',
            public_metrics: {},
          },
        ],
        tweets: [
          {
            id: quoted,
            text: 'The original post everyone is quoting today, with a link https://t.co/xYz12AbCdE',
            created_at: new Date(t.time! - 1000).toISOString(),
            author_id: '2157715418',
            lang: 'en',
            public_metrics: {
              retweet_count: 88,
              reply_count: 9,
              like_count: 412,
              quote_count: 31,
              impression_count: 40211,
            },
            entities: {
              urls: [
                {
                  start: 57,
                  end: 80,
                  url: 'https://t.co/xYz12AbCdE',
                  expanded_url: 'https://example.com/a/very/long/path/to/an/article?utm_source=twitter',
                  display_url: 'example.com/a/very/long/…',
                },
              ],
            },
          },
        ],
      },
      matching_rules: [{ id: '2116591027614806016', tag: 'tagstream:has-hashtags' }],
    };
    // Strings (the ids in particular) as JSON.stringify writes them.
    const text = JSON.stringify(line);
    lines.push(text);
  }
  return lines;
}

/** v1.1 status objects as the v1.1 filter stream delivered them (about 4 KB with the user object). */
export function v1Lines(count: number, distinct: number, spanMs = 600_000, seed = 3): string[] {
  const rand = prng(seed);
  const lines: string[] = [];
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  for (let i = 0; i < count; i++) {
    const t = tweetAt(i, count, distinct, spanMs, rand);
    const d = new Date(t.time!);
    const p2 = (x: number): string => String(x).padStart(2, '0');
    const created = `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
    const userId = 1_000_000_000 + (i % 5000);
    const status = {
      created_at: created,
      id: Number(t.id),
      id_str: t.id,
      text: t.text,
      source: '<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>',
      truncated: false,
      in_reply_to_status_id: null,
      in_reply_to_status_id_str: null,
      in_reply_to_user_id: null,
      in_reply_to_user_id_str: null,
      in_reply_to_screen_name: null,
      user: {
        id: userId,
        id_str: String(userId),
        name: `User ${i % 5000}`,
        screen_name: `user${i % 5000}`,
        location: 'Lisbon, Portugal',
        url: 'https://example.com',
        description: BIO,
        translator_type: 'none',
        protected: false,
        verified: false,
        followers_count: 1843,
        friends_count: 512,
        listed_count: 17,
        favourites_count: 9120,
        statuses_count: 20931,
        created_at: 'Sun Mar 02 10:11:12 +0000 2014',
        utc_offset: null,
        time_zone: null,
        geo_enabled: false,
        lang: null,
        contributors_enabled: false,
        is_translator: false,
        profile_background_color: 'F5F8FA',
        profile_background_image_url: '',
        profile_background_image_url_https: '',
        profile_background_tile: false,
        profile_link_color: '1DA1F2',
        profile_sidebar_border_color: 'C0DEED',
        profile_sidebar_fill_color: 'DDEEF6',
        profile_text_color: '333333',
        profile_use_background_image: true,
        profile_image_url: 'http://pbs.twimg.com/profile_images/1/avatar_normal.jpg',
        profile_image_url_https: 'https://pbs.twimg.com/profile_images/1/avatar_normal.jpg',
        profile_banner_url: 'https://pbs.twimg.com/profile_banners/1/1500000000',
        default_profile: true,
        default_profile_image: false,
        following: null,
        follow_request_sent: null,
        notifications: null,
      },
      geo: null,
      coordinates: null,
      place: null,
      contributors: null,
      is_quote_status: false,
      quote_count: 0,
      reply_count: 0,
      retweet_count: 0,
      favorite_count: 0,
      entities: {
        hashtags: hashtagEntities(t.text, 'text').map((h) => ({ text: h.text, indices: [h.start, h.end] })),
        urls: [],
        user_mentions: [],
        symbols: [],
      },
      favorited: false,
      retweeted: false,
      filter_level: 'low',
      lang: 'en',
      timestamp_ms: String(t.time),
    };
    lines.push(JSON.stringify(status));
  }
  return lines;
}

/** Hashtag entities of an ASCII text (offsets are code units = code points here). */
function hashtagEntities<F extends 'tag' | 'text'>(
  text: string,
  field: F,
): ({ start: number; end: number } & Record<F, string>)[] {
  const out: ({ start: number; end: number } & Record<F, string>)[] = [];
  let from = 0;
  for (const tag of extractHashtags(text)) {
    const start = text.indexOf(`#${tag}`, from);
    from = start + tag.length + 1;
    out.push({ start, end: from, [field]: tag } as { start: number; end: number } & Record<F, string>);
  }
  return out;
}

/** Lines of a workload kind, and how to get the text out of one for the baselines. */
export function workload(kind: WorkloadKind, count: number, distinct: number): string[] {
  switch (kind) {
    case 'normalized':
      return normalizedLines(count, distinct);
    case 'normalized+tags':
      return normalizedLines(count, distinct, 600_000, 1, true);
    case 'v2':
      return v2Lines(count, distinct);
    case 'v1':
      return v1Lines(count, distinct);
  }
}

/** The tweet text of a parsed line of each kind: what the PySpark-style baselines split on spaces. */
export function textOf(kind: WorkloadKind, value: unknown): string {
  const v = value as { text?: string; data?: { text?: string } };
  return (kind === 'v2' ? v.data?.text : v.text) ?? '';
}
