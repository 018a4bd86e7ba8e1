import fc from 'fast-check';
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

describe('parseCreatedAt fast paths', () => {
  // The general reading, as first written: trim, then the ISO regex, then the v1.1 regex.
  const ISO =
    /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?$/i;
  const V1 =
    /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;
  function reference(value: string): number | null {
    const s = value.trim();
    const valid = (
      y: number,
      mo: number,
      d: number,
      h: number,
      mi: number,
      sec: number,
      off: number,
    ): number | null => {
      const days = [
        31,
        y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
      ];
      if (
        mo < 1 ||
        mo > 12 ||
        d < 1 ||
        d > days[mo - 1]! ||
        h > 23 ||
        mi > 59 ||
        sec > 59 ||
        Number.isNaN(off)
      )
        return null;
      const date = new Date(0);
      date.setUTCFullYear(y, mo - 1, d);
      date.setUTCHours(h, mi - off, sec, 0);
      return date.getTime();
    };
    const iso = ISO.exec(s);
    if (iso) {
      const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', z, sign, oh = '0', om = '0'] = iso;
      const off =
        z !== undefined || sign === undefined
          ? 0
          : Number(oh) > 23 || Number(om) > 59
            ? NaN
            : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
      const t = valid(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(sec), off);
      return t === null ? null : t + (frac === '' ? 0 : Number(frac.slice(0, 3).padEnd(3, '0')));
    }
    const v1 = V1.exec(s);
    if (v1) {
      const [, mon = '', d, h, mi, sec, sign = '+', oh = '0', om = '0', y] = v1;
      const mo =
        ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(mon) + 1;
      const off =
        Number(oh) > 23 || Number(om) > 59 ? NaN : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
      return valid(Number(y), mo, Number(d), Number(h), Number(mi), Number(sec), off);
    }
    return null;
  }

  it('read the canonical ISO and v1.1 layouts as the regexes do, whatever the digits', () => {
    const d = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
    const iso = fc
      .tuple(d(4), d(2), d(2), d(2), d(2), d(2), fc.option(d(3)))
      .map(([y, mo, dd, h, mi, s, ms]) => `${y}-${mo}-${dd}T${h}:${mi}:${s}${ms === null ? '' : `.${ms}`}Z`);
    const v1 = fc
      .tuple(
        fc.constantFrom('Mon', 'Wed', 'Sun', 'Xyz'),
        fc.constantFrom('Jan', 'Feb', 'Oct', 'Dec', 'Foo'),
        d(2),
        d(2),
        d(2),
        d(2),
        fc.constantFrom('+', '-', '*'),
        d(4),
        d(4),
      )
      .map(
        ([wd, mon, dd, h, mi, s, sign, off, y]) => `${wd} ${mon} ${dd} ${h}:${mi}:${s} ${sign}${off} ${y}`,
      );
    // Several in a row, so that the minute cache is hit and missed.
    fc.assert(
      fc.property(fc.array(fc.oneof(iso, v1), { maxLength: 8 }), (values) => {
        for (const v of values) expect(parseCreatedAt(v), v).toBe(reference(v));
      }),
      { numRuns: 3000 },
    );
  });
});
