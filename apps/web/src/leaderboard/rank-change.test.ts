import { describe, expect, it } from 'vitest';
import { rankChange } from './rank-change.ts';

describe('rankChange', () => {
  it('marks a climb with ▲ and the places gained', () => {
    expect(rankChange(1, 3)).toEqual({ kind: 'up', places: 2, symbol: '▲2', spoken: 'up 2 places, was 3' });
  });

  it('marks a fall with ▼', () => {
    expect(rankChange(4, 3)).toEqual({
      kind: 'down',
      places: 1,
      symbol: '▼1',
      spoken: 'down 1 place, was 3',
    });
  });

  it('marks an entry that was not in the previous top as NEW', () => {
    expect(rankChange(2, null)).toMatchObject({ kind: 'new', symbol: 'NEW', spoken: 'new in the top' });
  });

  it('marks an unchanged rank with a dash and says so', () => {
    expect(rankChange(5, 5)).toMatchObject({ kind: 'same', symbol: '–', spoken: 'no change' });
  });
});
