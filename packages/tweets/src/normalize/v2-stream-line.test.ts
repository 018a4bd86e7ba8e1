import { describe, expect, it } from 'vitest';
import { parseLine } from './parse-line.ts';
import {
  v2ErrorsOnly,
  v2Long,
  v2Plain,
  v2QuoteWithCSharp,
  v2RetweetMissingOriginal,
  v2RetweetOfLong,
} from './test-fixtures.ts';

const one = (value: unknown) => {
  const result = parseLine(JSON.stringify(value), 'auto');
  if (result.kind !== 'tweets' || result.tweets.length !== 1)
    throw new Error(`expected one tweet, got ${JSON.stringify(result)}`);
  return result.tweets[0];
};

describe('X API v2 stream lines', () => {
  it('reads an ordinary tweet: decoded text, author from includes, entity hashtags', () => {
    expect(one(v2Plain)).toEqual({
      id: '1613521965417439077',
      time: Date.parse('2023-01-12T13:03:09.000Z'),
      text: 'Shipping the new #Ethereum dashboard today & it looks great #web3 https://t.co/AbCdEf1234',
      retweet: false,
      author: 'devrel_jane',
      lang: 'en',
      hashtags: ['Ethereum', 'web3'],
    });
  });

  it('prefers note_tweet.text over the cut text, with the note entities', () => {
    const t = one(v2Long);
    expect(t?.text).toBe(v2Long.data.note_tweet.text);
    expect(t?.text.endsWith('#DataEngineering #Streaming #ApacheSpark')).toBe(true);
    expect(t?.hashtags).toEqual(['DataEngineering', 'Streaming', 'ApacheSpark']);
    expect(t?.author).toBe('longreads');
  });

  it('gives a retweet of a long post the original full text, the retweeter as author', () => {
    expect(one(v2RetweetOfLong)).toEqual({
      id: '1613521971335995148',
      time: Date.parse('2023-01-12T13:03:10.412Z'),
      text: v2Long.data.note_tweet.text,
      retweet: true,
      author: 'rt_fan',
      lang: 'en',
      hashtags: ['DataEngineering', 'Streaming', 'ApacheSpark'],
    });
  });

  it('falls back to the truncated RT text, without an entity list, when the original is missing; errors beside data still yield the tweet', () => {
    const t = one(v2RetweetMissingOriginal);
    expect(t?.text).toBe('RT @gone_user: We just shipped #Deno support and #Bu…');
    expect(t?.retweet).toBe(true);
    expect(t?.hashtags).toBeUndefined();
  });

  it('does not trust an entity list when the text has an unaccounted #', () => {
    const t = one(v2QuoteWithCSharp);
    expect(t?.retweet).toBe(false);
    expect(t?.text).toBe('C# 12 is out, finally #dotnet https://t.co/Qq1');
    expect(t?.hashtags).toBeUndefined();
  });

  it('skips errors-only lines and data without text', () => {
    expect(parseLine(JSON.stringify(v2ErrorsOnly), 'json')).toEqual({
      kind: 'skip',
      reason: 'errors-only response',
    });
    expect(parseLine('{"data":{"id":"1","value":"rule"}}', 'json').kind).toBe('skip');
  });

  it('takes the time from the Snowflake id when created_at is absent or unparseable', () => {
    const { created_at: _omit, ...data } = v2Plain.data;
    expect(one({ ...v2Plain, data })?.time).toBe(Date.parse('2023-01-12T13:03:09.000Z'));
    expect(one({ ...v2Plain, data: { ...data, created_at: 'yesterday' } })?.time).toBe(
      Date.parse('2023-01-12T13:03:09.000Z'),
    );
  });

  it('reads a bare v2 tweet object (no data wrapper)', () => {
    const t = one(v2Plain.data);
    expect(t?.id).toBe('1613521965417439077');
    expect(t?.hashtags).toEqual(['Ethereum', 'web3']);
    expect(t?.author).toBeNull();
  });

  it('reports no hashtags list for entities without hashtags only when the text has no hash sign', () => {
    const data = { ...v2Plain.data, text: 'no tags here', entities: { urls: [] } };
    expect(one({ data })?.hashtags).toEqual([]);
    expect(one({ data: { ...data, text: 'but #this' } })?.hashtags).toBeUndefined();
  });
});
