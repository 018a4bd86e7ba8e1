import { describe, expect, it } from 'vitest';
import { formatPageSearch, parsePageState } from './page-state.ts';

describe('parsePageState', () => {
  it('reads the selected tag and panel', () => {
    expect(parsePageState('?tag=ether&panel=settings')).toEqual({
      tag: 'ether',
      panel: 'settings',
      view: null,
    });
    expect(parsePageState('?view=wall').view).toBe('wall');
  });

  it('ignores unknown panels and empty tags', () => {
    expect(parsePageState('?tag=&panel=nope&view=huge')).toEqual({ tag: null, panel: null, view: null });
  });

  it('round-trips tags in any script', () => {
    for (const tag of ['مرحبا', '👨‍👩‍👧‍👦', '<script>alert(1)</script>', 'a&b=c', '__proto__']) {
      expect(parsePageState(formatPageSearch({ tag, panel: null, view: null })).tag).toBe(tag);
    }
  });
});

describe('formatPageSearch', () => {
  it('drops empty values and keeps foreign parameters', () => {
    expect(formatPageSearch({ tag: null, panel: null, view: null })).toBe('');
    expect(formatPageSearch({ tag: 'a', panel: 'trends', view: 'wall' }, '?debug=1&tag=b')).toBe(
      '?debug=1&tag=a&panel=trends&view=wall',
    );
  });
});
