import { describe, expect, it } from 'vitest';
import { parseSize } from './size.ts';
import { UsageError } from './usage-error.ts';

describe('parseSize', () => {
  it.each([
    ['2GiB', 2 * 1024 ** 3],
    ['2g', 2 * 1024 ** 3],
    ['500 MiB', 500 * 1024 ** 2],
    ['1.5G', 1.5 * 1024 ** 3],
    ['10MB', 10_000_000],
    ['4096', 4096],
  ])('%j → %d bytes', (text, bytes) => {
    expect(parseSize(text, '--recordings-quota')).toBe(bytes);
  });

  it.each(['', 'lots', '2 GiBs', '-1G', '0', '1e3'])('refuses %j, naming the flag', (text) => {
    expect(() => parseSize(text, '--recordings-quota')).toThrow(UsageError);
    expect(() => parseSize(text, '--recordings-quota')).toThrow(/^--recordings-quota: /);
  });
});
