import type { BatchResult } from '@tagstream/protocol';
import { ManualClock } from '@tagstream/time';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SMALL_SETTINGS, T0, watermarkLine } from './testing/line-streams.ts';
import { CounterSession } from './counter-session.ts';
import { digestLine, feedDigest } from './line-digest.ts';
import { emptyLineTally, feedLine } from './line-input.ts';

const SETTINGS = SMALL_SETTINGS;

function session(results: BatchResult[], samples: string[]): CounterSession {
  return new CounterSession({
    settings: SETTINGS,
    clock: new ManualClock(T0),
    sink: {
      result: (r) => results.push({ ...r, stats: { ...r.stats, processingMs: 0 } }),
      counted: (t, tags) => samples.push(`${t.id} ${t.text} ${tags.join(',')}`),
    },
  });
}

/** Lines as they come in: tweets (some duplicates, retweets, late ones), watermarks with marks, junk. */
const line = fc.oneof(
  fc
    .record({
      id: fc.integer({ min: 1, max: 40 }),
      at: fc.integer({ min: 0, max: 60_000 }),
      tags: fc.array(fc.constantFrom('#Eth', '#eth', '#BTC', '#ÉtÉ', '＃sol', 'plain', '#a_b'), {
        maxLength: 4,
      }),
      rt: fc.boolean(),
    })
    .map(({ id, at, tags, rt }) =>
      JSON.stringify({
        id: String(id),
        created_at: new Date(T0 + at).toISOString(),
        text: tags.join(' '),
        ...(rt ? { rt: true } : {}),
      }),
    ),
  fc
    .record({ at: fc.integer({ min: 0, max: 60_000 }), mark: fc.constantFrom(undefined, 'begin', 'end') })
    .map(({ at, mark }) => watermarkLine(at, mark)),
  fc.constantFrom('{not json', 'plain text #Here', '', '{"limit":{"track":3}}', '[1,2]'),
);

describe('line digests', () => {
  it('feeding the digests of lines does to a session exactly what feeding the lines does', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 120 }), (lines) => {
        const direct: BatchResult[] = [];
        const viaDigest: BatchResult[] = [];
        const directSamples: string[] = [];
        const digestSamples: string[] = [];
        const a = session(direct, directSamples);
        const b = session(viaDigest, digestSamples);
        for (const l of lines) feedLine(a, l, 'auto', emptyLineTally());
        for (const l of lines) feedDigest(b, digestLine(l));
        a.end();
        b.end();
        expect(viaDigest).toEqual(direct);
        expect(digestSamples).toEqual(directSamples);
        expect(b.lifetime()).toEqual(a.lifetime());
      }),
      { numRuns: 200 },
    );
  });

  it('a line that does nothing has an empty digest; a malformed one says so', () => {
    expect(digestLine('')).toBe('[]');
    expect(digestLine('{"limit":{"track":3}}')).toBe('[]');
    expect(digestLine('{oops')).toBe('[["m"]]');
  });
});
