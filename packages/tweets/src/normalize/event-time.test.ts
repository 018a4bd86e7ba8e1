import { describe, expect, it } from 'vitest';
import { eventTime, parseCreatedAt } from './event-time.ts';
import { normalizeId, snowflakeTime } from './ids.ts';

describe('parseCreatedAt', () => {
  it('reads ISO 8601 in the forms sources write', () => {
    const t = Date.UTC(2023, 0, 12, 13, 3, 9);
    expect(parseCreatedAt('2023-01-12T13:03:09.000Z')).toBe(t);
    expect(parseCreatedAt('2023-01-12T13:03:09Z')).toBe(t);
    expect(parseCreatedAt('2023-01-12T13:03:09.123456Z')).toBe(t + 123);
    expect(parseCreatedAt('2023-01-12 13:03:09')).toBe(t);
    expect(parseCreatedAt('2023-01-12T13:03:09+00:00')).toBe(t);
    expect(parseCreatedAt('2023-01-12T15:03:09+02:00')).toBe(t);
    expect(parseCreatedAt('2023-01-12T08:03:09-0500')).toBe(t);
    expect(parseCreatedAt('2023-01-12')).toBe(Date.UTC(2023, 0, 12));
    expect(parseCreatedAt('0099-01-01T00:00:00Z')).toBe(new Date('0099-01-01T00:00:00Z').getTime());
  });

  it('reads the v1.1 format', () => {
    expect(parseCreatedAt('Wed Oct 10 20:19:24 +0000 2018')).toBe(Date.UTC(2018, 9, 10, 20, 19, 24));
    expect(parseCreatedAt('Wed Oct 10 22:19:24 +0200 2018')).toBe(Date.UTC(2018, 9, 10, 20, 19, 24));
  });

  it('rejects impossible or foreign dates', () => {
    for (const bad of [
      '2020-02-30T00:00:00Z',
      '2021-02-29',
      '2020-13-01',
      '2020-01-01T24:00:00Z',
      '2020-01-01T10:60:00Z',
      'yesterday',
      '1673528589000',
      '',
      '12/01/2023',
      `2023-01-12T13:03:09.${'1'.repeat(100)}Z`,
    ]) {
      expect(parseCreatedAt(bad), bad).toBeNull();
    }
    expect(parseCreatedAt(1673528589000)).toBeNull();
    expect(parseCreatedAt('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });
});

describe('ids and Snowflake time', () => {
  it('derives time from Snowflake ids above 29,999,999,999 only', () => {
    expect(snowflakeTime('1613521965417439077')).toBe(Date.parse('2023-01-12T13:03:09.000Z'));
    expect(snowflakeTime('29999999999')).toBeNull();
    expect(snowflakeTime('30000000000')).toBe(Number((30000000000n >> 22n) + 1288834974657n));
    expect(snowflakeTime('12345')).toBeNull();
    expect(snowflakeTime(null)).toBeNull();
    expect(snowflakeTime('18446744073709551616')).toBeNull();
    expect(snowflakeTime('9'.repeat(1000))).toBeNull();
  });

  it('falls back from created_at to the id to null', () => {
    expect(eventTime('2023-01-12T13:03:09.000Z', '30000000000')).toBe(Date.parse('2023-01-12T13:03:09.000Z'));
    expect(eventTime('bad', '1613521965417439077')).toBe(Date.parse('2023-01-12T13:03:09.000Z'));
    expect(eventTime(undefined, '42')).toBeNull();
  });

  it('accepts digit strings and safe non-negative integers as ids', () => {
    expect(normalizeId('0042')).toBe('0042');
    expect(normalizeId(42)).toBe('42');
    expect(normalizeId(2 ** 53)).toBeNull();
    expect(normalizeId('5.70306E+17')).toBeNull();
    expect(normalizeId('')).toBeNull();
    expect(normalizeId(' 42')).toBeNull();
    expect(normalizeId(null)).toBeNull();
  });
});
