import { describe, expect, it } from 'vitest';
import { parseLine } from './parse-line.ts';
import { twarcFlattenedPlain, twarcFlattenedRetweet, twarcPage, v2Long } from './test-fixtures.ts';

describe('twarc2', () => {
  it('reads every tweet of a page, each resolved against the page includes', () => {
    const result = parseLine(JSON.stringify(twarcPage), 'json');
    expect(result.kind).toBe('tweets');
    if (result.kind !== 'tweets') return;
    expect(result.tweets.map((t) => [t.id, t.author, t.retweet, t.text, t.hashtags])).toEqual([
      ['1531923509147635251', 'crab_fan', true, 'Rust 1.61 is out! #rustlang', ['rustlang']],
      [
        '1531923504953959106',
        'pi_maker',
        false,
        'Trying the new release on a Raspberry Pi #RustLang #embedded',
        ['RustLang', 'embedded'],
      ],
      ['1531923379127211594', 'rustlang', false, 'Rust 1.61 is out! #rustlang', ['rustlang']],
    ]);
    expect(result.tweets[0]?.time).toBe(Date.parse('2022-06-01T09:00:01.000Z'));
  });

  it('skips a page without tweets', () => {
    expect(parseLine('{"data":[],"meta":{"result_count":0},"__twarc":{}}', 'json').kind).toBe('skip');
    expect(parseLine('{"meta":{"result_count":0}}', 'json').kind).toBe('skip');
  });

  it('reads a flattened retweet from the inlined referenced tweet, author inlined', () => {
    expect(parseLine(JSON.stringify(twarcFlattenedRetweet), 'json')).toEqual({
      kind: 'tweets',
      tweets: [
        {
          id: '1613521971335995148',
          time: Date.parse('2023-01-12T13:03:10.412Z'),
          text: v2Long.data.note_tweet.text,
          retweet: true,
          author: 'rt_fan',
          lang: 'en',
          hashtags: ['DataEngineering', 'Streaming', 'ApacheSpark'],
        },
      ],
    });
  });

  it('reads a flattened plain tweet', () => {
    const result = parseLine(JSON.stringify(twarcFlattenedPlain), 'json');
    expect(result).toMatchObject({
      kind: 'tweets',
      tweets: [{ author: 'pi_maker', hashtags: ['RustLang', 'embedded'], retweet: false }],
    });
  });
});
