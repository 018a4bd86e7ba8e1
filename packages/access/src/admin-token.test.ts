import { describe, expect, it } from 'vitest';
import { AdminToken, bearerToken, tokenWeakness } from './admin-token.ts';

describe('AdminToken', () => {
  const token = new AdminToken('s3cret-Zq8vW3xK');

  it('accepts the token and nothing else: not a prefix, a longer string, a case change or empty', () => {
    expect(token.matches('s3cret-Zq8vW3xK')).toBe(true);
    for (const guess of [
      '',
      's',
      's3cret-Zq8vW3x',
      's3cret-Zq8vW3xKx',
      'S3CRET-ZQ8VW3XK',
      ' s3cret-Zq8vW3xK',
    ])
      expect(token.matches(guess), guess).toBe(false);
  });

  it('compares guesses of any length without throwing (no early return on a length mismatch)', () => {
    // timingSafeEqual throws on buffers of different lengths: comparing digests never meets that.
    for (const length of [0, 1, 15, 16, 17, 64, 10_000])
      expect(token.matches('x'.repeat(length))).toBe(false);
  });

  it('never shows the token when printed', () => {
    expect(JSON.stringify({ token })).not.toContain('s3cret');
    expect(String(Object.values(token))).not.toContain('s3cret');
  });

  it('refuses to be empty', () => {
    expect(() => new AdminToken('')).toThrow(RangeError);
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer  abc ', 'abc'],
    ['Basic abc', null],
    ['abc', null],
    ['Bearer ', null],
    ['Bearer a b', null],
    [undefined, null],
  ])('%j → %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});

describe('tokenWeakness', () => {
  it('says when a token is short, without repeating it', () => {
    expect(tokenWeakness('hunter2')).toBe(
      'the admin token is only 7 characters long; use 16 or more random ones (openssl rand -hex 32)',
    );
    expect(tokenWeakness('0123456789abcdef')).toBeNull();
  });
});
