import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoRecording } from '../scripts/demo-recording/generate.ts';
import { snowflakeTime } from '../scripts/demo-recording/snowflake.ts';
import { SURGES } from '../scripts/demo-recording/surges.ts';

const FILE = fileURLToPath(new URL('../samples/demo.jsonl.gz', import.meta.url));

interface Hashtag {
  start: number;
  end: number;
  tag: string;
}
interface Entities {
  hashtags?: Hashtag[];
}
interface TweetObject {
  id: string;
  text: string;
  created_at: string;
  author_id: string;
  lang: string;
  entities?: Entities;
  referenced_tweets?: { type: string; id: string }[];
  note_tweet?: { text: string; entities?: Entities };
}
interface StreamLine {
  data: TweetObject;
  includes?: { users?: { id: string; username: string; name: string }[]; tweets?: TweetObject[] };
  matching_rules?: { id: string; tag: string }[];
}

// twitter-text has no type declarations; describe the two functions used.
const twitterText = createRequire(import.meta.url)('twitter-text') as {
  extractHashtagsWithIndices(text: string): { hashtag: string; indices: [number, number] }[];
  modifyIndicesFromUTF16ToUnicode(text: string, entities: { indices: [number, number] }[]): void;
};

const key = (tag: string) => tag.normalize('NFC').toLowerCase();

/** Hashtag keys of the text that counts: a long post's full text, a retweet's original. */
function countedKeys(line: StreamLine): string[] {
  let o = line.data;
  if (o.referenced_tweets?.some((r) => r.type === 'retweeted')) {
    const id = o.referenced_tweets.find((r) => r.type === 'retweeted')?.id;
    o = line.includes?.tweets?.find((t) => t.id === id) ?? o;
  }
  const hashtags = (o.note_tweet?.entities ?? o.entities)?.hashtags ?? [];
  return [...new Set(hashtags.map((h) => key(h.tag)))];
}

function objectsOf(line: StreamLine): TweetObject[] {
  return [line.data, ...(line.includes?.tweets ?? [])];
}

describe('samples/demo.jsonl.gz', { timeout: 30_000 }, () => {
  let rawLines: string[] = [];
  const tweets: StreamLine[] = [];
  let malformed = 0;
  let blank = 0;
  let errorsOnly = 0;

  beforeAll(() => {
    const text = gunzipSync(readFileSync(FILE)).toString('utf8');
    expect(text.includes('\r')).toBe(false);
    rawLines = text.split('\n');
    expect(rawLines.pop()).toBe(''); // ends with a newline
    for (const line of rawLines) {
      if (line === '') {
        blank++;
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        malformed++;
        continue;
      }
      const obj = parsed as Partial<StreamLine> & { errors?: unknown[] };
      if (obj.data && typeof obj.data === 'object') tweets.push(obj as StreamLine);
      else if (Array.isArray(obj.errors)) errorsOnly++;
    }
  });

  it('is at most 5 MB', () => {
    expect(statSync(FILE).size).toBeLessThanOrEqual(5 * 1024 * 1024);
  });

  it('spans 29 to 31 minutes of created_at, at 20 to 40 tweets a second', () => {
    const times = tweets.map((t) => Date.parse(t.data.created_at));
    const span = Math.max(...times) - Math.min(...times);
    expect(span).toBeGreaterThanOrEqual(29 * 60_000);
    expect(span).toBeLessThanOrEqual(31 * 60_000);
    const perSecond = tweets.length / (span / 1000);
    expect(perSecond).toBeGreaterThanOrEqual(20);
    expect(perSecond).toBeLessThanOrEqual(40);
  });

  it('has unique Snowflake ids consistent with created_at', () => {
    const ids = new Set<string>();
    const bad: string[] = [];
    for (const line of tweets) {
      for (const o of objectsOf(line)) {
        if (!/^[1-9][0-9]{17,19}$/.test(o.id) || snowflakeTime(o.id) !== Date.parse(o.created_at)) {
          bad.push(`${o.id} ${o.created_at}`);
        }
      }
      if (ids.has(line.data.id)) bad.push(`duplicate ${line.data.id}`);
      ids.add(line.data.id);
    }
    expect(bad).toEqual([]);
  });

  it('is in time order up to a few seconds of delivery jitter', () => {
    let latest = -Infinity;
    let maxLag = 0;
    let outOfOrder = 0;
    for (const line of tweets) {
      const t = Date.parse(line.data.created_at);
      if (t < latest) outOfOrder++;
      maxLag = Math.max(maxLag, latest - t);
      latest = Math.max(latest, t);
    }
    expect(outOfOrder).toBeGreaterThan(0);
    expect(maxLag).toBeLessThan(5000);
  });

  it('has at least 2,000 distinct lower-cased hashtags, with a long tail', () => {
    const counts = new Map<string, number>();
    for (const line of tweets) {
      for (const o of objectsOf(line)) {
        for (const e of [o.entities, o.note_tweet?.entities]) {
          for (const h of e?.hashtags ?? []) counts.set(key(h.tag), (counts.get(key(h.tag)) ?? 0) + 1);
        }
      }
    }
    expect(counts.size).toBeGreaterThanOrEqual(2000);
    const once = [...counts.values()].filter((c) => c === 1).length;
    expect(once).toBeGreaterThan(500);
  });

  it('gives entities exactly where twitter-text finds hashtags (code-point offsets)', () => {
    let checked = 0;
    const mismatches: unknown[] = [];
    for (const line of tweets) {
      for (const o of objectsOf(line)) {
        const pairs: [string, Entities | undefined][] = [[o.text, o.entities]];
        if (o.note_tweet) pairs.push([o.note_tweet.text, o.note_tweet.entities]);
        for (const [text, entities] of pairs) {
          const found = twitterText.extractHashtagsWithIndices(text);
          twitterText.modifyIndicesFromUTF16ToUnicode(text, found);
          const expected = found.map((f) => ({ start: f.indices[0], end: f.indices[1], tag: f.hashtag }));
          const actual = entities?.hashtags ?? [];
          if (JSON.stringify(actual) !== JSON.stringify(expected))
            mismatches.push({ text, actual, expected });
          checked++;
        }
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(tweets.length);
  });

  it('has about 40% of tweets without a hashtag', () => {
    const untagged = tweets.filter((t) => countedKeys(t).length === 0).length / tweets.length;
    expect(untagged).toBeGreaterThan(0.3);
    expect(untagged).toBeLessThan(0.5);
  });

  it('contains retweets with the original in includes.tweets, some cutting off a hashtag', () => {
    const retweets = tweets.filter((t) => t.data.referenced_tweets?.[0]?.type === 'retweeted');
    expect(retweets.length / tweets.length).toBeGreaterThan(0.2);
    expect(retweets.length / tweets.length).toBeLessThan(0.3);
    let cutOff = 0;
    let wellFormed = 0;
    for (const rt of retweets) {
      const original = rt.includes?.tweets?.find((t) => t.id === rt.data.referenced_tweets?.[0]?.id);
      if (rt.data.text.startsWith('RT @') && original) wellFormed++;
      const shown = new Set((rt.data.entities?.hashtags ?? []).map((h) => key(h.tag)));
      if (countedKeys(rt).some((k) => !shown.has(k))) cutOff++;
    }
    expect(wellFormed).toBe(retweets.length);
    expect(cutOff).toBeGreaterThan(100);
    expect(tweets.some((t) => t.data.referenced_tweets?.[0]?.type === 'quoted')).toBe(true);
    expect(tweets.some((t) => t.data.referenced_tweets?.[0]?.type === 'replied_to')).toBe(true);
    const notes = tweets.filter((t) => t.data.note_tweet);
    expect(notes.length).toBeGreaterThan(10);
    for (const n of notes) {
      const full = Array.from(n.data.note_tweet?.text ?? '');
      expect(full.length).toBeGreaterThan(280);
      expect(n.data.text).toBe(full.slice(0, 280).join(''));
    }
  });

  it('contains malformed lines, keep-alive blank lines and errors-only notices', () => {
    expect(malformed).toBeGreaterThanOrEqual(5);
    expect(malformed).toBeLessThanOrEqual(12);
    expect(blank).toBeGreaterThan(0);
    expect(errorsOnly).toBeGreaterThanOrEqual(2);
  });

  it('has hashtags in at least 5 scripts', () => {
    const scripts: Record<string, RegExp> = {
      Latin: /\p{Script=Latin}/u,
      Japanese: /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u,
      Arabic: /\p{Script=Arabic}/u,
      Cyrillic: /\p{Script=Cyrillic}/u,
      Devanagari: /\p{Script=Devanagari}/u,
      Hangul: /\p{Script=Hangul}/u,
    };
    const seen = new Set<string>();
    for (const line of tweets) {
      for (const k of countedKeys(line)) {
        for (const [name, re] of Object.entries(scripts)) if (re.test(k)) seen.add(name);
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });

  it('peaks each surge tag inside its planned window', () => {
    const start = Math.min(...tweets.map((t) => Date.parse(t.data.created_at)));
    for (const surge of SURGES) {
      const perMinute = new Array<number>(30).fill(0);
      for (const line of tweets) {
        if (!countedKeys(line).includes(surge.key)) continue;
        const minute = Math.floor((Date.parse(line.data.created_at) - start) / 60_000);
        if (minute >= 0 && minute < 30) perMinute[minute] = (perMinute[minute] ?? 0) + 1;
      }
      const peak = perMinute.indexOf(Math.max(...perMinute));
      const [from, to] = surge.window;
      expect(peak, `${surge.tag} per minute: ${perMinute.join(' ')}`).toBeGreaterThanOrEqual(
        Math.floor(from),
      );
      expect(peak, `${surge.tag} per minute: ${perMinute.join(' ')}`).toBeLessThan(Math.ceil(to));
    }
  });
});

describe('generateDemoRecording', { timeout: 30_000 }, () => {
  it('is deterministic: same seed, same bytes; another seed, other bytes', () => {
    const a = generateDemoRecording({ seed: 7, minutes: 1 });
    const b = generateDemoRecording({ seed: 7, minutes: 1 });
    const c = generateDemoRecording({ seed: 8, minutes: 1 });
    expect(a.gzip.equals(b.gzip)).toBe(true);
    expect(a.gzip.equals(c.gzip)).toBe(false);
    expect(a.summary.tweets).toBeGreaterThan(600);
  });
});
