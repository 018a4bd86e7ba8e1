import { describe, expect, it } from 'vitest';
import { validateTrackers } from './trackers.ts';

describe('validateTrackers', () => {
  it('accepts distinct names with rules that parse, and no trackers at all', () => {
    expect(
      validateTrackers(
        [
          { name: 'eth', rule: '#eth OR ether' },
          { name: 'btc', rule: '#btc' },
        ],
        'everything',
      ),
    ).toBeNull();
    expect(validateTrackers([], 'everything')).toBeNull();
  });

  it('refuses names that differ only by case, and the default tracker’s name', () => {
    expect(
      validateTrackers(
        [
          { name: 'eth', rule: '#eth' },
          { name: 'ETH', rule: '#ether' },
        ],
        'everything',
      ),
    ).toEqual({ message: 'two trackers are named "ETH": names must differ' });
    expect(validateTrackers([{ name: 'Everything', rule: '#a' }], 'everything')?.message).toContain(
      'default tracker',
    );
  });

  it('points at the tracker and the place of a rule that does not parse', () => {
    expect(
      validateTrackers(
        [
          { name: 'ok', rule: '#ok' },
          { name: 'bad', rule: '(ether' },
        ],
        'everything',
      ),
    ).toEqual({
      message: 'tracker "bad": unbalanced parenthesis: this \'(\' is never closed',
      rule: { index: 1, position: 0, length: 1, message: "unbalanced parenthesis: this '(' is never closed" },
    });
  });
});
