import { describe, expect, it } from 'vitest';
import { parseLine } from './parse-line.ts';

const plain = (text: string) => ({
  kind: 'tweets',
  tweets: [{ id: null, time: null, text, retweet: false, author: null, lang: null }],
});

describe('parseLine', () => {
  it('reads the normalized form with every optional field', () => {
    const line =
      '{"id":"1613521965417439077","created_at":"2023-01-12T13:03:09.000Z","text":"hello #World","lang":"en","author":"@jane","rt":true,"hashtags":["World"]}';
    expect(parseLine(line, 'auto')).toEqual({
      kind: 'tweets',
      tweets: [
        {
          id: '1613521965417439077',
          time: 1673528589000,
          text: 'hello #World',
          retweet: true,
          author: 'jane',
          lang: 'en',
          hashtags: ['World'],
        },
      ],
    });
  });

  it('drops a hashtags list that does not match the text', () => {
    const result = parseLine('{"text":"hello #World","hashtags":["Other"]}', 'auto');
    expect(result.kind === 'tweets' && result.tweets[0]).toEqual({
      id: null,
      time: null,
      text: 'hello #World',
      retweet: false,
      author: null,
      lang: null,
    });
  });

  it('reads a watermark, and calls an unreadable one malformed', () => {
    expect(parseLine('{"watermark":"2026-11-22T10:00:05.000Z"}', 'auto')).toEqual({
      kind: 'watermark',
      time: Date.parse('2026-11-22T10:00:05.000Z'),
    });
    expect(parseLine('{"watermark":"soon"}', 'auto').kind).toBe('malformed');
  });

  it('reads a stream mark on a watermark, and an unknown mark as a plain watermark', () => {
    const time = Date.parse('2026-11-01T18:00:00.000Z');
    expect(parseLine('{"watermark":"2026-11-01T18:00:00.000Z","stream":"begin"}', 'auto')).toEqual({
      kind: 'watermark',
      time,
      stream: 'begin',
    });
    expect(parseLine('{"stream":"end","watermark":"2026-11-01T18:00:00.000Z"}', 'json')).toEqual({
      kind: 'watermark',
      time,
      stream: 'end',
    });
    expect(parseLine('{"watermark":"2026-11-01T18:00:00.000Z","stream":"pause"}', 'auto')).toEqual({
      kind: 'watermark',
      time,
    });
    expect(parseLine('{"watermark":"later","stream":"end"}', 'auto').kind).toBe('malformed');
  });

  it('treats non-JSON as plain text in auto mode, as malformed in json mode', () => {
    expect(parseLine('just typing #hello', 'auto')).toEqual(plain('just typing #hello'));
    expect(parseLine('just typing #hello', 'json').kind).toBe('malformed');
    expect(parseLine('42', 'auto')).toEqual(plain('42'));
    expect(parseLine('42', 'json')).toEqual({ kind: 'skip', reason: 'JSON number is not a tweet' });
    expect(parseLine('"a string"', 'json').kind).toBe('skip');
    expect(parseLine('null', 'json').kind).toBe('skip');
  });

  it('calls a line starting with { malformed when it is not JSON, in both modes', () => {
    for (const mode of ['auto', 'json'] as const) {
      expect(parseLine('{"text":"cut off', mode).kind).toBe('malformed');
      expect(parseLine('  {nope}', mode).kind).toBe('malformed');
      expect(parseLine('{"text":"x"} trailing', mode).kind).toBe('malformed');
    }
  });

  it('reads a [ line as JSON when it parses, as text otherwise (auto)', () => {
    expect(parseLine('[1,2,3]', 'auto')).toEqual({ kind: 'skip', reason: 'array without tweets' });
    expect(parseLine('[live] #breaking', 'auto')).toEqual(plain('[live] #breaking'));
    expect(parseLine('[live] #breaking', 'json').kind).toBe('malformed');
    const arr = parseLine('[{"text":"a #x"},{"text":"b"},7,"s",[{"text":"nested is ignored"}]]', 'auto');
    expect(arr.kind === 'tweets' && arr.tweets.map((t) => t.text)).toEqual(['a #x', 'b']);
  });

  it('strips a trailing CR, a BOM, and treats whitespace-only lines as blank', () => {
    expect(parseLine('hello\r', 'auto')).toEqual(plain('hello'));
    expect(parseLine('\ufeffhello', 'auto')).toEqual(plain('hello'));
    expect(parseLine('\ufeff{"text":"x"}\r', 'json')).toMatchObject({
      kind: 'tweets',
      tweets: [{ text: 'x' }],
    });
    for (const line of ['', '\r', '   ', '\t \r', '\ufeff']) {
      expect(parseLine(line, 'auto')).toEqual({ kind: 'blank' });
      expect(parseLine(line, 'json')).toEqual({ kind: 'blank' });
    }
  });

  it('skips JSON objects that are not tweets', () => {
    expect(parseLine('{"hello":"world"}', 'json')).toEqual({
      kind: 'skip',
      reason: 'JSON object is not a tweet',
    });
    expect(parseLine('{"errors":[{"message":"Rate limit exceeded","code":88}]}', 'json').kind).toBe('skip');
  });

  it('turns a mangled id into no id and keeps a valid one', () => {
    const id = (raw: string) => {
      const r = parseLine(`{"id":${raw},"text":"t"}`, 'json');
      return r.kind === 'tweets' ? r.tweets[0]?.id : 'not a tweet';
    };
    expect(id('"5.70306E+17"')).toBeNull();
    expect(id('5.70306E+17')).toBeNull();
    expect(id('"abc"')).toBeNull();
    expect(id('-5')).toBeNull();
    expect(id('1.5')).toBeNull();
    expect(id('123')).toBe('123');
    expect(id('"1613521965417439077"')).toBe('1613521965417439077');
  });

  it('keeps the invalid-JSON reason short', () => {
    const r = parseLine(`{${'x'.repeat(10_000)}`, 'json');
    expect(r.kind).toBe('malformed');
    expect(r.kind === 'malformed' && r.reason.length).toBeLessThan(200);
  });
});
