import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readingOnce, StringDictionary } from './string-dictionary.ts';
import { compareCodePoints } from './tag-key.ts';

/** The arena's capacity (a private field, read for the bound only). */
/** The size of the dictionary's character arena (a private field, read for the measure only). */
const arenaBytes = (d: StringDictionary): number =>
  (d as unknown as { arena: { bytes: Uint8Array } }).arena.bytes.length;

/** The strings the dictionary's cache of made strings keeps (a private field, read for the measure only). */
const kept = (d: StringDictionary): number =>
  (d as unknown as { made: (string | undefined)[] }).made.filter((s) => s !== undefined).length;

describe('StringDictionary', () => {
  it('keeps none of the strings made within readingOnce, gives them exactly, and serves the ones it keeps', () => {
    const d = new StringDictionary();
    const ids = Array.from({ length: 3_000 }, (_, i) => d.acquire('k' + i));
    const popular = ids.slice(0, 10).map((id) => d.stringOf(id));
    expect(kept(d)).toBe(10);
    const swept = readingOnce(() => ids.map((id) => d.stringOf(id)));
    expect(swept).toEqual(ids.map((_, i) => 'k' + i));
    expect(kept(d)).toBe(10);
    expect(swept.slice(0, 10)).toEqual(popular);
    // Nested, and after a throw, the cache keeps again.
    expect(() =>
      readingOnce(() => {
        readingOnce(() => d.stringOf(ids[20]!));
        d.stringOf(ids[21]!);
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(kept(d)).toBe(10);
    d.stringOf(ids[22]!);
    expect(kept(d)).toBe(11);
  });

  it('keeps a string while any reference is held, and reuses released ids', () => {
    const d = new StringDictionary();
    const a = d.acquire('a');
    expect(d.acquire('a')).toBe(a);
    const b = d.acquire('b');
    expect(d.size).toBe(2);
    d.release(a);
    expect(d.stringOf(a)).toBe('a');
    d.release(a);
    expect(d.size).toBe(1);
    expect(d.idOf('a')).toBe(-1);
    expect(d.acquire('c')).toBe(a);
    // The id's new string, not the one made for it before.
    expect(d.stringOf(a)).toBe('c');
    expect(d.stringOf(b)).toBe('b');
  });

  it('holds as many strings as ids in use, past its initial capacity, and none at the end', () => {
    const d = new StringDictionary();
    const ids = Array.from({ length: 5_000 }, (_, i) => d.acquire('s' + i));
    expect(new Set(ids).size).toBe(5_000);
    expect(d.size).toBe(5_000);
    ids.forEach((id, i) => expect(d.stringOf(id)).toBe('s' + i));
    for (const id of ids) d.release(id);
    expect(d.size).toBe(0);
    expect(Math.max(...Array.from({ length: 5_000 }, (_, i) => d.acquire('t' + i)))).toBe(4_999);
  });

  it('gives back every string exactly: Latin-1, two-byte units, lone surrogates, empty and long ones', () => {
    const d = new StringDictionary();
    const samples = [
      '',
      'ether',
      'Straße',
      'ÿ\u0080\u009f',
      'ĀĒ',
      '😀tag',
      '\ud800alone',
      'mixé東京',
      'x'.repeat(20_000),
      'y'.repeat(40_000),
      '東'.repeat(9_000),
      '京'.repeat(33_000),
    ];
    const ids = samples.map((s) => d.acquire(s));
    samples.forEach((s, i) => {
      expect(d.stringOf(ids[i]!)).toBe(s);
      expect(d.idOf(s)).toBe(ids[i]);
      expect(d.holds(ids[i]!, s)).toBe(true);
    });
    // Same length, one unit apart: neither is taken for the other.
    expect(d.idOf('Straßf')).toBe(-1);
    expect(d.holds(ids[1]!, 'Ether')).toBe(false);
  });

  it('orders strings in place as compareCodePoints does, across one- and two-byte storage', () => {
    const unit = fc.oneof(
      fc.constantFrom('a', 'b', 'Z', 'é', 'ÿ', 'Ā', '東', '\ue000', '\uffff', '\ud83d', '\ude00', '😀'),
      fc.string({ maxLength: 2 }),
    );
    const str = fc.array(unit, { maxLength: 5 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(str, str, (a, b) => {
        const d = new StringDictionary();
        const ia = d.acquire(a);
        const ib = d.acquire(b);
        expect(Math.sign(d.compare(ia, ib))).toBe(Math.sign(compareCodePoints(a, b)));
        expect(Math.sign(d.compare(ib, ia))).toBe(Math.sign(compareCodePoints(b, a)));
      }),
      { seed: 5, numRuns: 2_000 },
    );
  }, 30_000);

  it('counts references past 65,535 (a key held by that many batches) and drops the string at the last', () => {
    const d = new StringDictionary();
    const id = d.acquire('ether');
    for (let i = 1; i < 70_000; i++) d.retain(id);
    const other = d.acquire('btc');
    for (let i = 1; i < 70_000; i++) d.release(id);
    expect(d.stringOf(id)).toBe('ether');
    expect(d.idOf('ether')).toBe(id);
    d.release(id);
    expect(d.idOf('ether')).toBe(-1);
    expect(d.size).toBe(1);
    expect(d.stringOf(other)).toBe('btc');
  });

  it('squeezes out released strings: the characters held stay those of the live strings', () => {
    const d = new StringDictionary();
    const keep = Array.from({ length: 2_000 }, (_, i) => d.acquire(`keep${i}_東`));
    let peak = 0;
    for (let round = 0; round < 200; round++) {
      const ids = Array.from({ length: 500 }, (_, i) => d.acquire(`once_${round}_${i}`));
      for (const id of ids) d.release(id);
      peak = Math.max(peak, arenaBytes(d));
    }
    // 100,000 one-off strings (about 1.3 MB of characters) passed through; the arena never
    // held more than a few times the live ones (2,000 × about 14 bytes).
    expect(peak).toBeLessThanOrEqual(256 * 1024);
    expect(d.characterBytes).toBe(keep.reduce((n, id) => n + 2 * d.stringOf(id).length, 0));
    keep.forEach((id, i) => expect(d.stringOf(id)).toBe(`keep${i}_東`));
  });

  it('agrees with a plain reference-counting model under any churn', () => {
    const word = fc.oneof(
      fc.constantFrom('a', 'b', 'Ether', 'ether', '😀', 'straße'),
      fc.string({ maxLength: 4 }),
      fc.nat({ max: 3_000 }).map((n) => 'tag' + n),
      fc.nat({ max: 50 }).map((n) => 'a_much_longer_hashtag_' + n),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), word), { minLength: 1_500, maxLength: 4_000 }), (ops) => {
        const d = new StringDictionary();
        const model = new Map<string, { id: number; refs: number }>();
        const liveIds = new Set<number>();
        for (const [take, s] of ops) {
          const m = model.get(s);
          if (take || m === undefined) {
            const id = d.acquire(s);
            if (m !== undefined) {
              expect(id).toBe(m.id);
              m.refs++;
            } else {
              expect(liveIds.has(id)).toBe(false);
              model.set(s, { id, refs: 1 });
              liveIds.add(id);
            }
          } else {
            d.release(m.id);
            if (--m.refs === 0) {
              model.delete(s);
              liveIds.delete(m.id);
            }
          }
        }
        expect(d.size).toBe(model.size);
        for (const [s, m] of model) {
          expect(d.idOf(s)).toBe(m.id);
          expect(d.stringOf(m.id)).toBe(s);
        }
        for (const [, s] of ops) if (!model.has(s)) expect(d.idOf(s)).toBe(-1);
      }),
      { seed: 11, numRuns: 60 },
    );
  }, 60_000);
});
