/**
 * Random event-timed streams for the differential tests against the reference model: clusters of
 * tweets around a few instants, some out of order, some very late, re-deliveries, retweets,
 * tweets without ids, and tags that stress keys (case, NFC, code point order).
 */
import type { Tweet } from '@tagstream/tweets';
import fc from 'fast-check';
import { tweet, type ReferenceOptions } from './reference-model.ts';

/**
 * Tags with case variants, non-ASCII case mappings, NFC variants (precomposed vs decomposed),
 * and keys that UTF-16 order and code point order sort differently (astral vs U+FFxx).
 */
export const TAGS = [
  'Ether',
  'ETHER',
  'ether',
  'eTHER',
  'btc',
  'BTC',
  'sol',
  'a',
  'A',
  'Straße',
  'STRAẞE', // U+1E9E capital sharp s: lower-cases to "straße"
  'strasse',
  'Caf\u00e9', // precomposed é
  'Cafe\u0301', // e + combining acute: NFC → "Café"
  'CAF\u00c9',
  '\u212b', // ANGSTROM SIGN: NFC → U+00C5 → "å"
  '\u00c5',
  'A\u030a',
  '\u1100\u1161', // conjoining jamo: NFC → 가
  '가',
  '😀', // U+1F600
  '🔥', // U+1F525
  '\uff5a', // fullwidth z, U+FF5A: above the surrogates in UTF-16, below them by code point
  '\uff3a', // fullwidth Z → lower-cases to U+FF5A
  '\uffe1', // U+FFE1 fullwidth pound
  'x😀',
  'x\uff5a',
  '𝒜', // U+1D49C
  'İstanbul', // lower-cases to "i̇stanbul"
  'ΟΔΟΣ',
];

export const specArb = fc.record({
  cluster: fc.nat({ max: 3 }),
  offset: fc.nat({ max: 1_000_000 }),
  tags: fc.array(fc.nat({ max: TAGS.length - 1 }), { maxLength: 5 }),
  // Mostly in order; some a little out of order; a few very late.
  delay: fc.oneof(
    { weight: 6, arbitrary: fc.constant(0) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 15_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 120_000 }) },
  ),
  retweet: fc.boolean(),
  noId: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

export const streamArb = fc.record({
  base: fc.integer({ min: 0, max: 2_000_000_000_000 }),
  span: fc.oneof(fc.integer({ min: 2_000, max: 60_000 }), fc.integer({ min: 60_000, max: 6 * 3_600_000 })),
  centers: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
  width: fc.integer({ min: 0, max: 90_000 }),
  tweets: fc.oneof(
    fc.array(specArb, { minLength: 1, maxLength: 12 }),
    fc.array(specArb, { minLength: 12, maxLength: 300 }),
  ),
  /**
   * Re-deliveries: [position in the stream, which earlier tweet, time shift]. Mostly the same tweet
   * again; sometimes the same id with a later event time (a colliding id), still within the dedup horizon.
   */
  dups: fc.array(
    fc.tuple(
      fc.nat(),
      fc.nat(),
      fc.oneof(
        { weight: 4, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 60_000 }) },
      ),
    ),
    { maxLength: 20 },
  ),
});

export type StreamSpec = typeof streamArb extends fc.Arbitrary<infer T> ? T : never;

export function buildStream(s: StreamSpec): Tweet[] {
  const width = Math.min(s.width, s.span);
  const made = s.tweets.map((spec, i) => {
    const center = Math.floor(s.centers[spec.cluster]! * s.span);
    const time = s.base + Math.min(s.span, center + (spec.offset % (width + 1)));
    const t = tweet(
      spec.noId ? null : String(1000 + i),
      time,
      spec.tags.map((k) => TAGS[k]!),
      { retweet: spec.retweet },
    );
    return { t, arrival: time + spec.delay, i };
  });
  made.sort((a, b) => a.arrival - b.arrival || a.i - b.i);
  const out = made.map((m) => m.t);
  for (const [at, pick, shift] of s.dups) {
    const pos = at % (out.length + 1);
    if (pos === 0) continue;
    const original = out[pick % pos]!;
    out.splice(pos, 0, { ...original, time: original.time! + shift, hashtags: [...original.hashtags!] });
  }
  return out;
}

export const optionsArb = fc
  .record({
    batchMs: fc.constantFrom(1_000, 2_000, 5_000, 10_000),
    w: fc.integer({ min: 1, max: 6 }),
    s: fc.integer({ min: 1, max: 4 }),
    topK: fc.integer({ min: 1, max: 12 }),
    latenessMs: fc.oneof(fc.constantFrom(0, 1_000, 5_000, 10_000), fc.integer({ min: 0, max: 10_000 })),
    retweets: fc.oneof(
      { weight: 3, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
  })
  .map((o): ReferenceOptions => ({
    batchMs: o.batchMs,
    windowMs: o.batchMs * o.w,
    slideMs: o.batchMs * o.s,
    topK: o.topK,
    latenessMs: o.latenessMs,
    retweets: o.retweets,
  }));
