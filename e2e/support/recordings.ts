import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DEMO_RECORDING, OUTPUT_DIR } from './paths.ts';

/** One tweet in the normalized wire form the ingestor reads (`{"id","created_at","text",…}`). */
export interface RecordedTweet {
  id: string;
  createdAt: number;
  text: string;
  author?: string;
}

export function toJsonl(tweets: readonly RecordedTweet[]): string {
  return tweets
    .map((t) =>
      JSON.stringify({
        id: t.id,
        created_at: new Date(t.createdAt).toISOString(),
        text: t.text,
        author: t.author ?? 'e2e_user',
      }),
    )
    .join('\n')
    .concat('\n');
}

const slices = new Map<string, Promise<string>>();

/**
 * The bundled demo recording cut to the tweets created in `[fromMinute, toMinute)` after 18:00 UTC,
 * as a file of its own. Minutes 16–19 hold the `#Ether` swell and the `#BreakingNews` shock, so a
 * loop of them always has those tags, and loads in a fraction of the whole recording's time.
 */
export function demoSlice(fromMinute: number, toMinute: number): Promise<string> {
  const key = `${fromMinute}-${toMinute}`;
  let slice = slices.get(key);
  if (!slice) {
    slice = (async () => {
      const all = gunzipSync(await readFile(DEMO_RECORDING))
        .toString('utf8')
        .split('\n');
      const kept = all.filter((line) => {
        // The first created_at of a stream line is the tweet's own (`data` comes first).
        const match = /"created_at":"2026-11-01T18:(\d\d):/.exec(line);
        const minute = match ? Number(match[1]) : -1;
        return minute >= fromMinute && minute < toMinute;
      });
      const dir = path.join(OUTPUT_DIR, 'fixtures');
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `demo-minutes-${key}.jsonl`);
      await writeFile(file, kept.join('\n') + '\n');
      return file;
    })();
    slices.set(key, slice);
  }
  return slice;
}

/** Tweet ids: digits, unique within a file. */
function idFor(prefix: number, i: number): string {
  return `${prefix}${String(i).padStart(8, '0')}`;
}

/**
 * A small recording for the upload journey: one tweet every half second for `seconds`, each with
 * `tag` (and a companion tag on every other one), starting at `startMs` of tweet time.
 */
export function uploadRecording(tag: string, startMs: number, seconds = 40): string {
  const tweets: RecordedTweet[] = [];
  for (let i = 0; i < seconds * 2; i++) {
    tweets.push({
      id: idFor(7, i),
      createdAt: startMs + i * 500,
      text: i % 2 === 0 ? `uploaded by the e2e suite ${tag} #e2eCompanion` : `and again ${tag}`,
    });
  }
  return toJsonl(tweets);
}

/** The hostile tags (display forms) of {@link hostileRecording}, and the texts that carry them. */
export const HOSTILE = {
  /** Right to left, with an underscore joining two words. */
  arabic: '#مرحبا_بالعالم',
  hebrew: '#שלום_עולם',
  /** twitter-text takes a ZWJ into a tag; the emoji after it ends the tag, so the tag ends in the ZWJ. */
  zwjEnd: '#Fire\u200d',
  /** A ZWJ between letters, inside the tag. */
  zwjInside: '#Fam\u200dily',
  /** 500 characters after the sign. */
  long: `#Long${'Tag'.repeat(165)}s`,
  /** Markup around a tag: the tag is the word after `>`, the markup must stay text. */
  afterMarkup: '#xss_img',
  /** Object-prototype names as tags. */
  proto: '#__proto__',
  constructor: '#constructor',
} as const;

export const MARKUP = '<img src=x onerror=alert(1)>';
export const SCRIPT_MARKUP = '<script>alert(2)</script>';

/**
 * Tweets with tags in Arabic and Hebrew (RTL), ZWJ emoji sequences joined to tags, a 500-character tag,
 * object-prototype names and markup-looking text around tags, over 20 s of tweet time. Each tag has a
 * different count so ranks are stable, and there are fewer tags than the top 10.
 */
export function hostileRecording(startMs = Date.parse('2026-11-01T18:00:00.000Z')): string {
  const texts: Array<[string, number]> = [
    [`مرحبا ${HOSTILE.arabic} كيف الحال`, 16],
    [`${HOSTILE.hebrew} בוקר טוב`, 14],
    [`on fire ${HOSTILE.zwjEnd}🔥 tonight 👨‍👩‍👧‍👦`, 12],
    [`${HOSTILE.zwjInside} time 🏳️‍🌈`, 10],
    [`a very long one ${HOSTILE.long} end`, 9],
    [`${MARKUP}${HOSTILE.afterMarkup} and #<img src=x onerror=alert(3)> ${SCRIPT_MARKUP}`, 8],
    [`${HOSTILE.proto} "><svg onload=alert(4)> ${HOSTILE.constructor}`, 6],
  ];
  const tweets: RecordedTweet[] = [];
  let i = 0;
  for (const [text, count] of texts) {
    // Spread evenly over the 20 s, so every window of a looping replay holds each tag about `count` times.
    for (let k = 0; k < count; k++, i++) {
      tweets.push({
        id: idFor(9, i),
        createdAt: startMs + Math.floor(((k + 0.5) * 20_000) / count),
        text,
        author: '<b>e2e</b>',
      });
    }
  }
  tweets.sort((a, b) => a.createdAt - b.createdAt);
  return toJsonl(tweets);
}

/** The five tags that lead `trendRecording` over any half minute; `#Steady5` is in the top ten one window in three. */
export const STEADY_TAGS = ['#Steady1', '#Steady2', '#Steady3', '#Steady4', '#Steady5'];

/**
 * A recording where the top five of the moment changes every batch while the same five tags lead over
 * any stretch of results, so what the trend chart follows is known in advance. Per 10 s batch `k`:
 * `#Steady1`–`#Steady4` six tweets each; `#Steady5` ten tweets when `k % 3 === 0`, none otherwise (so
 * one window in three leaves it out of the top ten, and its line must be filled from its per-batch
 * counts); `#SpikeK` fifteen tweets (the moment's leader for two windows, then gone); eight `#FlashK_j`
 * three tweets each (filling the top ten when `#Steady5` is out of it).
 */
export function trendRecording(batches = 150, startMs = Date.parse('2026-11-01T18:00:00.000Z')): string {
  const tweets: RecordedTweet[] = [];
  for (let k = 0; k < batches; k++) {
    const tags: string[] = [];
    for (const steady of STEADY_TAGS.slice(0, 4)) tags.push(...Array<string>(6).fill(steady));
    if (k % 3 === 0) tags.push(...Array<string>(10).fill(STEADY_TAGS[4]!));
    // Named so that newer spikes sort first: among equal totals an old spike falls out of the trend's reach.
    tags.push(...Array<string>(15).fill(`#Spike${String(batches - k).padStart(4, '0')}`));
    for (let j = 0; j < 8; j++) tags.push(...Array<string>(3).fill(`#Flash${k}_${j}`));
    // Spread over the batch's 10 s, away from its edges.
    tags.forEach((tag, i) => {
      tweets.push({
        id: idFor(8, tweets.length),
        createdAt: startMs + k * 10_000 + 100 + Math.floor((i * 9_800) / tags.length),
        text: `trend journey ${tag}`,
      });
    });
  }
  return toJsonl(tweets);
}
