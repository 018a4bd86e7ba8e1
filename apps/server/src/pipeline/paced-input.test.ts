import { DEFAULT_SETTINGS, type BatchResult } from '@tagstream/protocol';
import { CounterSession, emptyLineTally, feedLine } from '@tagstream/stream';
import { ManualClock } from '@tagstream/time';
import { toWatermarkLine } from '@tagstream/tweets';
import { describe, expect, it } from 'vitest';
import { PacedInput } from './paced-input.ts';

const SETTINGS = { ...DEFAULT_SETTINGS, batchMs: 1_000, windowMs: 3_000, slideMs: 1_000, related: 2 };
const T0 = Date.parse('2026-12-07T10:00:00.000Z');

function tweet(i: number, at: number): string {
  return JSON.stringify({
    id: String(1_000 + i),
    created_at: new Date(at).toISOString(),
    text: `#t${i % 5} #u${i} #V${i % 3}`,
  });
}

/**
 * A stream whose watermarks jump several batches, with tweets after each jump: dense, with a
 * few long gaps (empty batches), or sparse (empty batches everywhere).
 */
function stream(kind: 'dense' | 'sparse'): string[] {
  const lines: string[] = [toWatermarkLine(T0, 'begin'), toWatermarkLine(T0)];
  let at = T0;
  for (let i = 0; i < 400; i++) {
    if (kind === 'dense') at += i % 100 === 99 ? 7_300 : 150 + ((i * 7) % 13) * 10;
    else at += 97 * ((i * 7) % 13);
    lines.push(tweet(i, at));
    if (i % 37 === 36) lines.push(toWatermarkLine(at - 500));
    if (i === 150) lines.push('not json');
  }
  lines.push(toWatermarkLine(at + 60_000, 'end'));
  return lines;
}

function session(): { s: CounterSession; results: BatchResult[] } {
  const results: BatchResult[] = [];
  const s = new CounterSession({
    settings: SETTINGS,
    clock: new ManualClock(T0),
    sink: { result: (r) => results.push(r) },
  });
  return { s, results };
}

/** A clock whose monotonic time moves 4 ms each time it is read: a budget of 10 ms takes three reads. */
const ticking = (): { monotonic(): number } => {
  let t = 0;
  return { monotonic: () => (t += 4) };
};

describe('PacedInput', () => {
  it.each(['dense', 'sparse'] as const)(
    'counts a %s stream exactly as feeding its lines at once does, a watermark jump a few batches per turn',
    async (kind) => {
      const direct = session();
      const directTally = emptyLineTally();
      for (const line of stream(kind)) feedLine(direct.s, line, 'auto', directTally);

      const paced = session();
      const tally = emptyLineTally();
      let holds = 0;
      let released = 0;
      const input = new PacedInput({
        target: paced.s,
        tally,
        counter: () => paced.s.counter,
        hold: () => {
          holds++;
          return () => released++;
        },
        clock: ticking(),
      });
      // All in one chunk, as the socket may give them.
      for (const line of stream(kind)) input.line(line);
      expect(input.busy).toBe(true);
      await input.settled();
      expect(input.busy).toBe(false);
      expect(paced.results).toEqual(direct.results);
      expect(tally).toEqual(directTally);
      expect(paced.s.lifetime()).toEqual(direct.s.lifetime());
      expect(holds).toBeGreaterThan(0);
      expect(released).toBe(holds);
    },
  );

  it('closes one batch per step, holding the input and the lines after the watermark until the last', async () => {
    const { s, results } = session();
    const tally = emptyLineTally();
    let held = false;
    const input = new PacedInput({
      target: s,
      tally,
      counter: () => s.counter,
      hold: () => {
        held = true;
        return () => (held = false);
      },
      clock: ticking(),
      budgetMs: 1,
    });
    input.line(toWatermarkLine(T0, 'begin'));
    input.line(toWatermarkLine(T0));
    for (let i = 0; i < 12; i++) input.line(tweet(i, T0 + i * 1_000 + 10));
    // Twelve batches closed by one line: the first now, each of the others in a turn of its own.
    input.line(toWatermarkLine(T0 + 12_000));
    input.line(tweet(99, T0 + 12_500));
    expect(results).toHaveLength(1);
    expect(held).toBe(true);
    expect(tally.tweets).toBe(12);
    expect(tally.watermarks).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(results).toHaveLength(2);
    await input.settled();
    expect(results).toHaveLength(12);
    expect(held).toBe(false);
    expect(tally.tweets).toBe(13);
    expect(tally.watermarks).toBe(3);
  });

  it('feeds what waits at once when flushed (the core stopping)', () => {
    const { s, results } = session();
    const tally = emptyLineTally();
    const input = new PacedInput({
      target: s,
      tally,
      counter: () => s.counter,
      hold: () => () => undefined,
      clock: ticking(),
      budgetMs: 1,
    });
    input.line(toWatermarkLine(T0, 'begin'));
    input.line(toWatermarkLine(T0));
    for (let i = 0; i < 6; i++) input.line(tweet(i, T0 + i * 1_000 + 10));
    input.line(toWatermarkLine(T0 + 6_000));
    expect(input.busy).toBe(true);
    input.flush();
    expect(input.busy).toBe(false);
    expect(results).toHaveLength(6);
    expect(tally.watermarks).toBe(3);
  });
});
