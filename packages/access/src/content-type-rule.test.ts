import { describe, expect, it } from 'vitest';
import { browserMark } from './browser-mark.ts';
import { contentTypeRefusal } from './content-type-rule.ts';

const JSON_ONLY = ['application/json'];

describe('contentTypeRefusal', () => {
  it.each([
    [{ 'content-type': 'application/json', 'content-length': '2' }, null],
    [{ 'content-type': 'Application/JSON; charset=utf-8', 'content-length': '2' }, null],
    [{}, null],
    [{ 'content-length': '0' }, null],
    [{ 'content-type': 'text/plain', 'content-length': '0' }, /takes application\/json, not text\/plain/],
    [{ 'content-type': 'text/plain', 'content-length': '2' }, /not text\/plain/],
    [
      { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '2' },
      /not application\/x-www/,
    ],
    [{ 'content-type': 'multipart/form-data; boundary=x', 'transfer-encoding': 'chunked' }, /not multipart/],
    [{ 'content-length': '12' }, /send the body with Content-Type: application\/json/],
  ])('%j → %s', (headers, expected) => {
    const refusal = contentTypeRefusal(headers, JSON_ONLY);
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toMatch(expected);
  });

  it('lets an upload route take multipart only', () => {
    const multipart = ['multipart/form-data'];
    expect(contentTypeRefusal({ 'content-type': 'multipart/form-data; boundary=x' }, multipart)).toBeNull();
    expect(contentTypeRefusal({ 'content-type': 'application/json' }, multipart)).toMatch(
      /takes multipart\/form-data/,
    );
  });
});

describe('browserMark', () => {
  it('finds what every browser request carries, and nothing on a program’s', () => {
    expect(browserMark({ origin: 'http://a.example' })).toBe('Origin: http://a.example');
    expect(browserMark({ 'sec-fetch-site': 'same-origin' })).toBe('Sec-Fetch-Site: same-origin');
    expect(browserMark({})).toBeNull();
  });
});
