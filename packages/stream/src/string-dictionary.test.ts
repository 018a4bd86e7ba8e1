import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringDictionary } from './string-dictionary.ts';

describe('StringDictionary', () => {
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
