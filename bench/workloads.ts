import { toWireLine, type Tweet } from '@tagstream/tweets';

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

/**
 * Normalized wire lines (about 150 bytes each) as our ingestor sends them: event
 * times spread over `spanMs`, 0–3 hashtags from a Zipf-like vocabulary of `distinct` tags.
 */
export function normalizedLines(count: number, distinct: number, spanMs = 600_000, seed = 1): string[] {
  const rand = prng(seed);
  const start = Date.parse('2026-11-22T10:00:00.000Z');
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const words: string[] = [];
    const n = 8 + Math.floor(rand() * 8);
    for (let w = 0; w < n; w++) words.push(WORDS[Math.floor(rand() * WORDS.length)]!);
    const tags = Math.floor(rand() * 4);
    for (let t = 0; t < tags; t++) {
      const rank = Math.floor(distinct ** rand());
      words.splice(Math.floor(rand() * words.length), 0, `#Tag${rank}`);
    }
    const tweet: Tweet = {
      id: String(1_700_000_000_000_000_000n + BigInt(i)),
      time: start + Math.floor((i / count) * spanMs),
      text: words.join(' '),
      retweet: false,
      author: null,
      lang: 'en',
    };
    lines.push(toWireLine(tweet));
  }
  return lines;
}
