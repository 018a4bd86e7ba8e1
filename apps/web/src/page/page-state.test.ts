import { describe, expect, it } from 'vitest';
import { formatPageSearch, parsePageState, type PageState } from './page-state.ts';

const NONE: PageState = { tag: null, panel: null, view: null, tracker: null, compare: false };

describe('parsePageState', () => {
  it('reads the selected tag and panel', () => {
    expect(parsePageState('?tag=ether&panel=settings')).toEqual({
      tag: 'ether',
      panel: 'settings',
      view: null,
      tracker: null,
      compare: false,
    });
    expect(parsePageState('?view=wall').view).toBe('wall');
  });

  it('ignores unknown panels and empty tags', () => {
    expect(parsePageState('?tag=&panel=nope&view=huge')).toEqual({
      tag: null,
      panel: null,
      view: null,
      tracker: null,
      compare: false,
    });
  });

  it('reads the tracker shown and whether the compare view is open, refusing names no tracker can have', () => {
    expect(parsePageState('?tracker=eth-2&compare=1')).toMatchObject({ tracker: 'eth-2', compare: true });
    for (const bad of ['', 'two words', '-lead', 'x'.repeat(33), '<b>', 'ü'])
      expect(parsePageState(`?tracker=${encodeURIComponent(bad)}`).tracker).toBeNull();
    expect(parsePageState('?compare=yes').compare).toBe(false);
  });

  it('round-trips tags in any script', () => {
    for (const tag of ['مرحبا', '👨‍👩‍👧‍👦', '<script>alert(1)</script>', 'a&b=c', '__proto__']) {
      expect(parsePageState(formatPageSearch({ ...NONE, tag })).tag).toBe(tag);
    }
  });
});

describe('formatPageSearch', () => {
  it('drops empty values and keeps foreign parameters', () => {
    expect(formatPageSearch(NONE)).toBe('');
    expect(formatPageSearch({ ...NONE, tag: 'a', panel: 'trends', view: 'wall' }, '?debug=1&tag=b')).toBe(
      '?debug=1&tag=a&panel=trends&view=wall',
    );
    expect(formatPageSearch({ ...NONE, tracker: 'eth', compare: true }, '?compare=1&tracker=btc')).toBe(
      '?compare=1&tracker=eth',
    );
    expect(formatPageSearch(NONE, '?compare=1&tracker=btc')).toBe('');
  });
});
