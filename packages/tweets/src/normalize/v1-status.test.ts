import { describe, expect, it } from 'vitest';
import { parseLine } from './parse-line.ts';
import { v1Delete, v1Extended, v1Json, v1Limit, v1Retweet, v1Search, v1Short } from './test-fixtures.ts';

const tweetsOf = (line: string) => {
  const result = parseLine(line, 'json');
  if (result.kind !== 'tweets') throw new Error(`expected tweets, got ${JSON.stringify(result)}`);
  return result.tweets;
};

describe('v1.1 statuses', () => {
  it('uses extended_tweet.full_text and its entities over the truncated text', () => {
    expect(tweetsOf(v1Json(v1Extended))).toEqual([
      {
        id: '1050118620314816129',
        time: Date.parse('2018-10-10T20:19:24Z'),
        text: v1Extended.extended_tweet.full_text,
        retweet: false,
        author: 'football_fan',
        lang: 'en',
        hashtags: ['WorldCup', 'FIFAWorldCup', 'Qatar2022'],
      },
    ]);
  });

  it('gives a retweet the retweeted status full text; the retweeter is the author', () => {
    const [t] = tweetsOf(v1Json(v1Retweet));
    expect(t).toMatchObject({
      id: '1050118624507852322',
      retweet: true,
      author: 'sofa_critic',
      text: v1Extended.extended_tweet.full_text,
      hashtags: ['WorldCup', 'FIFAWorldCup', 'Qatar2022'],
    });
  });

  it('decodes &amp; and &lt; and keeps the entities of a short status', () => {
    expect(tweetsOf(v1Json(v1Short))[0]).toMatchObject({
      text: 'Fish & chips <3 #FridayFeeling',
      hashtags: ['FridayFeeling'],
    });
  });

  it('prefers id_str over the rounded numeric id, and accepts a numeric id only when safe', () => {
    const line = v1Json(v1Short);
    expect(line).toContain('"id":1050116263117020458,');
    expect(tweetsOf(line)[0]?.id).toBe('1050116263117020458');
    const { id_str: _omit, ...noIdStr } = v1Short;
    expect(tweetsOf(JSON.stringify({ ...noIdStr, id: 1050116263117020458n.toString() }))[0]?.id).toBe(
      '1050116263117020458',
    );
    expect(tweetsOf(`{"id":1050116263117020458,${JSON.stringify(noIdStr).slice(1)}`)[0]?.id).toBeNull();
    expect(tweetsOf(JSON.stringify({ ...noIdStr, id: 12345 }))[0]?.id).toBe('12345');
  });

  it('ignores entities of a truncated text without extended_tweet', () => {
    const { extended_tweet: _omit, ...cut } = v1Extended;
    const [t] = tweetsOf(v1Json(cut));
    expect(t?.text).toBe(v1Extended.text);
    expect(t?.hashtags).toBeUndefined();
  });

  it('falls back to timestamp_ms, then to the id, when created_at is unreadable', () => {
    expect(tweetsOf(v1Json({ ...v1Short, created_at: 'garbage' }))[0]?.time).toBe(1539202202000);
    const { timestamp_ms: _omit, ...noTs } = v1Short;
    expect(tweetsOf(v1Json({ ...noTs, created_at: 'garbage' }))[0]?.time).toBe(
      Date.parse('2018-10-10T20:10:02Z'),
    );
  });

  it('skips limit and delete notices', () => {
    expect(parseLine(JSON.stringify(v1Limit), 'json')).toEqual({ kind: 'skip', reason: 'limit notice' });
    expect(parseLine(v1Json(v1Delete), 'json')).toEqual({ kind: 'skip', reason: 'delete notice' });
    expect(
      parseLine('{"status_withheld":{"id":1,"user_id":2,"withheld_in_countries":["DE"]}}', 'json').kind,
    ).toBe('skip');
    expect(parseLine('{"scrub_geo":{"user_id":1,"up_to_status_id":2}}', 'json').kind).toBe('skip');
  });

  it('reads a whole search response {"statuses":[…]} (full_text, a retweet inside)', () => {
    const tweets = tweetsOf(v1Json(v1Search));
    expect(tweets.map((t) => [t.id, t.author, t.retweet, t.text, t.hashtags])).toEqual([
      [
        '1050118628704344407',
        'late_viewer',
        true,
        v1Extended.extended_tweet.full_text,
        ['WorldCup', 'FIFAWorldCup', 'Qatar2022'],
      ],
      ['1050116263117020458', 'chippy', false, 'Fish & chips <3 #FridayFeeling', ['FridayFeeling']],
    ]);
  });
});
