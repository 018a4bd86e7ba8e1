/**
 * Realistic samples of every tweet format tagstream reads, shared by the
 * normalize tests and the recording reader tests. Shapes follow what the APIs
 * and tools actually send (field sets, escaping, truncation); ids are
 * Snowflake ids consistent with their `created_at`.
 */

// ---------- X API v2 filtered stream ----------

/** An ordinary v2 stream line: hashtags in entities, HTML-escaped `&`, author in includes. */
export const v2Plain = {
  data: {
    author_id: '2244994945',
    created_at: '2023-01-12T13:03:09.000Z',
    edit_history_tweet_ids: ['1613521965417439077'],
    entities: {
      hashtags: [
        { start: 17, end: 26, tag: 'Ethereum' },
        { start: 59, end: 64, tag: 'web3' },
      ],
      urls: [
        {
          start: 65,
          end: 88,
          url: 'https://t.co/AbCdEf1234',
          expanded_url: 'https://example.com/dash',
          display_url: 'example.com/dash',
        },
      ],
    },
    id: '1613521965417439077',
    lang: 'en',
    text: 'Shipping the new #Ethereum dashboard today &amp; it looks great #web3 https://t.co/AbCdEf1234',
  },
  includes: { users: [{ id: '2244994945', name: 'Jane from DevRel', username: 'devrel_jane' }] },
  matching_rules: [{ id: '1613500000000000000', tag: 'crypto' }],
};

const longNoteText =
  'Thread-free long post: after months of testing we are finally moving our whole data pipeline to streaming. ' +
  'Batch jobs that took hours now finish in seconds, dashboards update live, and on-call is quieter than ever. ' +
  'Lessons learned, benchmarks and the config we ended up with are all in the write-up below. ' +
  'Huge thanks to everyone who reviewed drafts. #DataEngineering #Streaming #ApacheSpark';

/** A long post (note tweet): `text` is cut at 280 characters, `note_tweet` has the whole post. */
export const v2Long = {
  data: {
    author_id: '1334200897081987072',
    created_at: '2023-01-12T13:02:51.000Z',
    edit_history_tweet_ids: ['1613521889917600671'],
    id: '1613521889917600671',
    lang: 'en',
    note_tweet: {
      entities: {
        hashtags: [
          { start: 372, end: 388, tag: 'DataEngineering' },
          { start: 389, end: 399, tag: 'Streaming' },
          { start: 400, end: 412, tag: 'ApacheSpark' },
        ],
      },
      text: longNoteText,
    },
    text: longNoteText.slice(0, 279) + '…',
  },
  includes: { users: [{ id: '1334200897081987072', name: 'Long Reads', username: 'longreads' }] },
  matching_rules: [{ id: '1613500000000000001', tag: 'data' }],
};

/** A retweet of that long post: the retweet's own text is `RT @longreads: …` cut short; the original is in includes.tweets. */
export const v2RetweetOfLong = {
  data: {
    author_id: '987654321',
    created_at: '2023-01-12T13:03:10.412Z',
    edit_history_tweet_ids: ['1613521971335995148'],
    entities: { mentions: [{ start: 3, end: 13, username: 'longreads', id: '1334200897081987072' }] },
    id: '1613521971335995148',
    lang: 'en',
    referenced_tweets: [{ type: 'retweeted', id: '1613521889917600671' }],
    text: 'RT @longreads: ' + longNoteText.slice(0, 125) + '…',
  },
  includes: {
    users: [
      { id: '987654321', name: 'Retweeter', username: 'rt_fan' },
      { id: '1334200897081987072', name: 'Long Reads', username: 'longreads' },
    ],
    tweets: [v2Long.data],
  },
  matching_rules: [{ id: '1613500000000000001', tag: 'data' }],
};

/** A retweet whose original could not be expanded (deleted): `errors` beside `data`, own truncated text only. */
export const v2RetweetMissingOriginal = {
  data: {
    author_id: '987654321',
    created_at: '2023-01-12T13:03:11.000Z',
    entities: { hashtags: [{ start: 31, end: 36, tag: 'Deno' }] },
    id: '1613521973802049736',
    lang: 'en',
    referenced_tweets: [{ type: 'retweeted', id: '1613520669376048490' }],
    text: 'RT @gone_user: We just shipped #Deno support and #Bu…',
  },
  includes: { users: [{ id: '987654321', name: 'Retweeter', username: 'rt_fan' }] },
  errors: [
    {
      value: '1613520669376048490',
      detail: 'Could not find tweet with referenced_tweets.id: [1613520669376048490].',
      title: 'Not Found Error',
      resource_type: 'tweet',
      parameter: 'referenced_tweets.id',
      resource_id: '1613520669376048490',
      type: 'https://api.twitter.com/2/problems/resource-not-found',
    },
  ],
  matching_rules: [{ id: '1613500000000000002', tag: 'js' }],
};

/** A quote tweet whose text has a `#` that is not a hashtag (`C#`): the entity list cannot be trusted as complete. */
export const v2QuoteWithCSharp = {
  data: {
    author_id: '55555',
    created_at: '2023-01-12T13:03:12.500Z',
    entities: { hashtags: [{ start: 22, end: 29, tag: 'dotnet' }] },
    id: '1613521980094655798',
    lang: 'en',
    referenced_tweets: [{ type: 'quoted', id: '1613521965417439077' }],
    text: 'C# 12 is out, finally #dotnet https://t.co/Qq1',
  },
  includes: {
    users: [{ id: '55555', name: 'Dot Net', username: 'dotnetdev' }],
    tweets: [v2Plain.data],
  },
  matching_rules: [{ id: '1613500000000000003', tag: 'dev' }],
};

/** An errors-only stream line (operational disconnect). */
export const v2ErrorsOnly = {
  errors: [
    {
      title: 'operational-disconnect',
      disconnect_type: 'UpstreamOperationalDisconnect',
      detail: 'This stream has been disconnected upstream for operational reasons.',
      type: 'https://api.twitter.com/2/problems/operational-disconnect',
    },
  ],
};

// ---------- twarc2 ----------

const twarcMeta = {
  url: 'https://api.twitter.com/2/tweets/search/recent',
  version: '2.14.0',
  retrieved_at: '2022-06-01T09:01:00+00:00',
};

/** A twarc2 search page, newest first as search writes it: a retweet (original in includes), a plain tweet, the original. */
export const twarcPage = {
  data: [
    {
      id: '1531923509147635251',
      created_at: '2022-06-01T09:00:01.000Z',
      author_id: '111',
      text: 'RT @rustlang: Rust 1.61 is out! #rustlang',
      lang: 'en',
      referenced_tweets: [{ type: 'retweeted', id: '1531923379127211594' }],
      entities: {
        hashtags: [{ start: 32, end: 41, tag: 'rustlang' }],
        mentions: [{ start: 3, end: 12, username: 'rustlang' }],
      },
      public_metrics: { retweet_count: 120, reply_count: 0, like_count: 0, quote_count: 0 },
      conversation_id: '1531923509147635251',
    },
    {
      id: '1531923504953959106',
      created_at: '2022-06-01T09:00:00.000Z',
      author_id: '222',
      text: 'Trying the new release on a Raspberry Pi #RustLang #embedded',
      lang: 'en',
      entities: {
        hashtags: [
          { start: 40, end: 49, tag: 'RustLang' },
          { start: 50, end: 59, tag: 'embedded' },
        ],
      },
      conversation_id: '1531923504953959106',
    },
    {
      id: '1531923379127211594',
      created_at: '2022-06-01T08:59:30.000Z',
      author_id: '333',
      text: 'Rust 1.61 is out! #rustlang',
      lang: 'en',
      entities: { hashtags: [{ start: 18, end: 27, tag: 'rustlang' }] },
      conversation_id: '1531923379127211594',
    },
  ],
  includes: {
    users: [
      { id: '111', name: 'Fan', username: 'crab_fan' },
      { id: '222', name: 'Maker', username: 'pi_maker' },
      { id: '333', name: 'Rust Language', username: 'rustlang' },
    ],
    tweets: [
      {
        id: '1531923379127211594',
        created_at: '2022-06-01T08:59:30.000Z',
        author_id: '333',
        text: 'Rust 1.61 is out! #rustlang',
        lang: 'en',
        entities: { hashtags: [{ start: 18, end: 27, tag: 'rustlang' }] },
      },
    ],
  },
  meta: {
    newest_id: '1531923509147635251',
    oldest_id: '1531923379127211594',
    result_count: 3,
    next_token: 'b26v89c19zqg8o3',
  },
  __twarc: twarcMeta,
};

/** twarc2 flatten output: a retweet with the retweeted long post inlined (note_tweet included) and the author inlined. */
export const twarcFlattenedRetweet = {
  id: '1613521971335995148',
  created_at: '2023-01-12T13:03:10.412Z',
  text: 'RT @longreads: ' + longNoteText.slice(0, 125) + '…',
  lang: 'en',
  author_id: '987654321',
  author: { id: '987654321', name: 'Retweeter', username: 'rt_fan', public_metrics: { followers_count: 12 } },
  referenced_tweets: [
    {
      type: 'retweeted',
      ...v2Long.data,
      author: { id: '1334200897081987072', name: 'Long Reads', username: 'longreads' },
    },
  ],
  entities: { mentions: [{ start: 3, end: 13, username: 'longreads', id: '1334200897081987072' }] },
  __twarc: twarcMeta,
};

/** twarc2 flatten output: an ordinary tweet, author inlined. */
export const twarcFlattenedPlain = {
  id: '1531923504953959106',
  created_at: '2022-06-01T09:00:00.000Z',
  text: 'Trying the new release on a Raspberry Pi #RustLang #embedded',
  lang: 'en',
  author_id: '222',
  author: { id: '222', name: 'Maker', username: 'pi_maker' },
  entities: {
    hashtags: [
      { start: 40, end: 49, tag: 'RustLang' },
      { start: 50, end: 59, tag: 'embedded' },
    ],
  },
  __twarc: twarcMeta,
};

// ---------- v1.1 ----------

const v1User = (id: number, screenName: string) => ({
  id,
  id_str: String(id),
  name: screenName.replace(/_/g, ' '),
  screen_name: screenName,
  location: '',
  followers_count: 1234,
  verified: false,
  lang: null,
});

const extendedFull =
  'Watching the #WorldCup final with friends tonight. Whatever happens this has been the best tournament in years, ' +
  'the football, the atmosphere, the upsets. Prediction: 2-1 after extra time. #FIFAWorldCup #Qatar2022';

/** A v1.1 stream status in compat mode: `truncated` text, the whole post in `extended_tweet`. */
export const v1Extended = {
  created_at: 'Wed Oct 10 20:19:24 +0000 2018',
  id_str: '1050118620314816129',
  text: extendedFull.slice(0, 116) + '… https://t.co/xYz12AbCdE',
  source: '<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>',
  truncated: true,
  in_reply_to_status_id: null,
  user: v1User(2244994945, 'football_fan'),
  is_quote_status: false,
  extended_tweet: {
    full_text: extendedFull,
    display_text_range: [0, extendedFull.length],
    entities: {
      hashtags: [
        { text: 'WorldCup', indices: [13, 22] },
        { text: 'FIFAWorldCup', indices: [183, 196] },
        { text: 'Qatar2022', indices: [197, 207] },
      ],
      urls: [],
      user_mentions: [],
      symbols: [],
    },
  },
  entities: {
    hashtags: [{ text: 'WorldCup', indices: [13, 22] }],
    urls: [
      {
        url: 'https://t.co/xYz12AbCdE',
        expanded_url: 'https://twitter.com/i/web/status/1050118620314816129',
        indices: [118, 141],
      },
    ],
    user_mentions: [],
    symbols: [],
  },
  lang: 'en',
  timestamp_ms: '1539202764000',
};

/** A v1.1 retweet: outer `RT @…` text cut at 140 (and `truncated: false`!), the original in `retweeted_status` with `extended_tweet`. */
export const v1Retweet = {
  created_at: 'Wed Oct 10 20:19:25 +0000 2018',
  id_str: '1050118624507852322',
  text: ('RT @football_fan: ' + extendedFull).slice(0, 139) + '…',
  truncated: false,
  user: v1User(77777, 'sofa_critic'),
  retweeted_status: v1Extended,
  is_quote_status: false,
  entities: {
    hashtags: [{ text: 'WorldCup', indices: [31, 40] }],
    urls: [],
    user_mentions: [{ screen_name: 'football_fan', id_str: '2244994945', indices: [3, 16] }],
    symbols: [],
  },
  lang: 'en',
  timestamp_ms: '1539202765000',
};

/** A short v1.1 status with escaped `&lt;3` and `&amp;`, not truncated: its top-level entities are the whole story. */
export const v1Short = {
  created_at: 'Wed Oct 10 20:10:02 +0000 2018',
  id_str: '1050116263117020458',
  text: 'Fish &amp; chips &lt;3 #FridayFeeling',
  truncated: false,
  user: v1User(4242, 'chippy'),
  entities: {
    hashtags: [{ text: 'FridayFeeling', indices: [23, 37] }],
    urls: [],
    user_mentions: [],
    symbols: [],
  },
  lang: 'en',
  timestamp_ms: '1539202202000',
};

/** v1.1 stream notices that are not tweets. */
export const v1Limit = { limit: { track: 1287, timestamp_ms: '1539202766000' } };
export const v1Delete = {
  delete: {
    status: { id_str: '1050116263117020458', user_id: 4242, user_id_str: '4242' },
    timestamp_ms: '1539202767000',
  },
};

/**
 * A v1.1 search response (tweet_mode=extended, `full_text`), newest first, as
 * written by a search script. `id` is what JSON.parse makes of the real
 * 64-bit id (rounded); `id_str` is exact.
 */
export const v1Search = {
  statuses: [
    {
      created_at: 'Wed Oct 10 20:19:26 +0000 2018',
      id_str: '1050118628704344407',
      full_text:
        'RT @football_fan: Watching the #WorldCup final with friends tonight. Whatever happens this has been the best tournament in years, the…',
      truncated: false,
      display_text_range: [0, 140],
      entities: {
        hashtags: [{ text: 'WorldCup', indices: [31, 40] }],
        urls: [],
        user_mentions: [],
        symbols: [],
      },
      user: v1User(88888, 'late_viewer'),
      retweeted_status: {
        created_at: 'Wed Oct 10 20:19:24 +0000 2018',
        id_str: '1050118620314816129',
        full_text: extendedFull,
        truncated: false,
        display_text_range: [0, extendedFull.length],
        entities: v1Extended.extended_tweet.entities,
        user: v1User(2244994945, 'football_fan'),
        lang: 'en',
      },
      lang: 'en',
    },
    {
      created_at: 'Wed Oct 10 20:10:02 +0000 2018',
      id_str: '1050116263117020458',
      full_text: 'Fish &amp; chips &lt;3 #FridayFeeling',
      truncated: false,
      display_text_range: [0, 37],
      entities: {
        hashtags: [{ text: 'FridayFeeling', indices: [23, 37] }],
        urls: [],
        user_mentions: [],
        symbols: [],
      },
      user: v1User(4242, 'chippy'),
      lang: 'en',
    },
  ],
  search_metadata: {
    completed_in: 0.047,
    max_id_str: '1050118628704344407',
    query: '%23WorldCup',
    count: 2,
    since_id: 0,
    since_id_str: '0',
  },
};

// ---------- CSV and text ----------

/** A CSV as a spreadsheet exports it: CRLF, a quoted multi-line text with `""`, a mangled id, no created_at on one row. */
export const csvSample =
  'id,created_at,author,text,lang\r\n' +
  '1531923504953959106,2022-06-01T09:00:00.000Z,pi_maker,Trying the new release on a Raspberry Pi #RustLang #embedded,en\r\n' +
  '5.70306E+17,2015-03-24 18:02:11,@oldtimer,"He said ""#throwback""\r\nand then left, #tbt",en\r\n' +
  '1531923509147635251,,crab_fan,no time column here #rustlang,\r\n';

/** Plain text lines, one tweet each, as typed into nc. */
export const textSample = 'first tweet #hello\nsecond one #Hello #world\r\n\n   \nthird, no tags\n';

/**
 * Serializes v1.1 objects as the API does: every `"id_str":"N"` is preceded
 * by the numeric `"id":N` with all its digits, which JSON.parse then rounds
 * (the fixtures hold only `id_str` because a TypeScript literal would round
 * too).
 */
export function v1Json(value: unknown): string {
  return JSON.stringify(value).replace(/"id_str":"(\d+)"/g, '"id":$1,"id_str":"$1"');
}

/** JSON.stringify and join with `\n`: a JSON Lines file body. */
export function jsonl(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join('\n') + '\n';
}
