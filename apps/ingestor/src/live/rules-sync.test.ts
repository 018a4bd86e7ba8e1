import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  fetchRules,
  normalizeKeywords,
  RULE_TAG_PREFIX,
  RuleSyncError,
  syncRules,
  TRACKER_TAG_PREFIX,
  trackersOfTag,
  wantedRules,
  type RulesClient,
} from './rules-sync.ts';
import { FakeXApi } from './testing/fake-x-api.ts';
import { makeTestCertificate, type TestCertificate } from './testing/tls.ts';
import { createXClient, XApiError, type XClient } from './x-client.ts';

const TOKEN = 'AAAAAAAAAAAAAAAAAAAAArulesSyncSecretToken%2Fxyz0123456789';
let tls: TestCertificate;
let api: FakeXApi;
let x: XClient;

beforeAll(async () => {
  tls = await makeTestCertificate();
});
afterAll(async () => {
  await tls.cleanup();
});
beforeEach(async () => {
  api = await FakeXApi.start({ key: tls.key, cert: tls.cert, bearerToken: TOKEN });
  x = createXClient({ bearerToken: TOKEN, baseUrl: api.baseUrl, ca: tls.cert });
});
afterEach(async () => {
  x.destroy();
  await api.close();
});

const RULES_PATH = '/2/tweets/search/stream/rules';
const values = () => api.currentRules().map((r) => `${r.value}|${r.tag ?? ''}`);

describe('syncRules against the fake X API', () => {
  it('adds one tagged rule per keyword, after a dry run', async () => {
    const result = await syncRules(x.client, ['cats', ' dogs ', 'cats', '']);
    expect(values()).toEqual(['cats|tagstream:cats', 'dogs|tagstream:dogs']);
    expect(result.added.map((r) => r.value)).toEqual(['cats', 'dogs']);
    expect(result.rules).toEqual(api.currentRules());
    expect(result.deleted).toEqual([]);
    const calls = api.requestsTo(RULES_PATH).map((r) => `${r.method} ${JSON.stringify(r.query)}`);
    expect(calls).toEqual(['GET {"max_results":"1000"}', 'POST {"dry_run":"true"}', 'POST {}']);
    expect(api.requestsTo(RULES_PATH, 'POST')[1]?.body).toEqual({
      add: [
        { value: 'cats', tag: 'tagstream:cats' },
        { value: 'dogs', tag: 'tagstream:dogs' },
      ],
    });
  });

  it('removes ours that are no longer wanted by id, adds the new ones, never touches foreign rules', async () => {
    const foreign = api.seedRule('birds', 'someone-else');
    const untagged = api.seedRule('cats has:images');
    await syncRules(x.client, ['cats', 'dogs']);
    const before = api.currentRules();
    const result = await syncRules(x.client, ['dogs', 'owls']);
    expect(values()).toEqual([
      'birds|someone-else',
      'cats has:images|',
      'dogs|tagstream:dogs',
      'owls|tagstream:owls',
    ]);
    const catsId = before.find((r) => r.value === 'cats')?.id;
    expect(result.deleted).toEqual([{ id: catsId, value: 'cats', tag: 'tagstream:cats' }]);
    const deleteCall = api
      .requestsTo(RULES_PATH, 'POST')
      .find((r) => JSON.stringify(r.body).includes('delete'));
    expect(deleteCall?.body).toEqual({ delete: { ids: [catsId] } });
    expect(result.foreign).toEqual([foreign, untagged]);
    // The kept rule is the same one (same id), not re-created.
    expect(result.rules.find((r) => r.value === 'dogs')?.id).toBe(before.find((r) => r.value === 'dogs')?.id);
  });

  it('is idempotent: a second sync with the same keywords only reads', async () => {
    await syncRules(x.client, ['cats', 'dogs']);
    const requests = api.requests.length;
    const result = await syncRules(x.client, ['dogs', 'cats']);
    expect(api.requests.length).toBe(requests + 1);
    expect(api.requests.at(-1)?.method).toBe('GET');
    expect(result.added).toEqual([]);
    expect(result.deleted).toEqual([]);
    expect(values()).toEqual(['cats|tagstream:cats', 'dogs|tagstream:dogs']);
  });

  it('removes duplicates of ours, keeping one', async () => {
    const kept = api.seedRule('cats', 'tagstream:cats');
    // X refuses equal values, but an older tag scheme or another ingestor may leave look-alikes.
    api.seedRule('cats ', 'tagstream:cats ');
    api.seedRule('old', 'tagstream:old');
    const result = await syncRules(x.client, ['cats']);
    expect(api.currentRules()).toEqual([kept]);
    expect(result.deleted.map((r) => r.value)).toEqual(['cats ', 'old']);
  });

  it('removes all of ours for an empty keyword list', async () => {
    api.seedRule('birds');
    await syncRules(x.client, ['cats', 'dogs']);
    await syncRules(x.client, []);
    expect(values()).toEqual(['birds|']);
  });

  it('treats a foreign rule with a wanted value as covering it (X would refuse a duplicate)', async () => {
    const foreign = api.seedRule('cats', 'other-tool');
    const result = await syncRules(x.client, ['cats', 'dogs']);
    expect(result.coveredByForeign).toEqual([foreign]);
    expect(values()).toEqual(['cats|other-tool', 'dogs|tagstream:dogs']);
  });

  it("surfaces X's invalid-rule error and changes nothing", async () => {
    await syncRules(x.client, ['cats', 'dogs']);
    const before = api.currentRules();
    const err = await syncRules(x.client, ['cats', '-dogs']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuleSyncError);
    const e = err as RuleSyncError;
    expect(e.message).toContain('"-dogs"');
    expect(e.message).toContain('UnprocessableEntity');
    expect(e.message).toContain('Rules must contain a non-negation term');
    expect(e.problems[0]).toMatchObject({ type: 'https://api.twitter.com/2/problems/invalid-rules' });
    expect(e.status).toBe(400);
    // The dry run refused it before "dogs" was deleted.
    expect(api.currentRules()).toEqual(before);
  });

  it("surfaces X's duplicate-rule error (a rule created between our read and our add)", async () => {
    const racer = api.seedRule('cats', 'tagstream:cats');
    // A client whose read is stale: it does not see the rule another ingestor just created.
    const stale: RulesClient = {
      v2: {
        streamRules: async () => ({ data: [], meta: { result_count: 0 } }),
        updateStreamRules: x.client.v2.updateStreamRules.bind(
          x.client.v2,
        ) as RulesClient['v2']['updateStreamRules'],
      },
    };
    const err = await syncRules(stale, ['cats']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuleSyncError);
    expect((err as Error).message).toContain('DuplicateRule');
    expect((err as Error).message).toContain('"cats"');
    expect(api.currentRules()).toEqual([racer]);
  });

  it('adds one rule per tracker, tagged with its name; a value both a keyword and trackers want is one rule', async () => {
    const trackers = [
      { name: 'eth', rule: '#eth OR ether' },
      { name: 'btc', rule: ' #btc ' },
      { name: 'coins', rule: '#btc' },
    ];
    const result = await syncRules(x.client, ['cats', '#btc'], trackers);
    expect(values()).toEqual([
      'cats|tagstream:cats',
      '#btc|tagstream-tracker:btc,coins',
      '#eth OR ether|tagstream-tracker:eth',
    ]);
    expect(result.rules).toEqual(api.currentRules());
    expect(trackersOfTag(result.rules[1]?.tag)).toEqual(['btc', 'coins']);
    expect(trackersOfTag('tagstream:cats')).toBeNull();
    expect(trackersOfTag(undefined)).toBeNull();
  });

  it("replaces a rule whose tag changes (X's rules cannot be edited), and removes a tracker's rule with it", async () => {
    await syncRules(x.client, ['cats'], [{ name: 'eth', rule: '#eth' }]);
    const before = api.currentRules();
    await syncRules(x.client, ['cats'], [{ name: 'ether', rule: '#eth' }]);
    expect(values()).toEqual(['cats|tagstream:cats', `#eth|${TRACKER_TAG_PREFIX}ether`]);
    expect(api.currentRules()[0]).toEqual(before[0]);
    // No dry run for a value already on X: it would call the new one a duplicate.
    const posts = api.requestsTo(RULES_PATH, 'POST').slice(2);
    expect(posts.map((r) => [r.query, r.body])).toEqual([
      [{}, { delete: { ids: [before[1]?.id] } }],
      [{}, { add: [{ value: '#eth', tag: 'tagstream-tracker:ether' }] }],
    ]);
    await syncRules(x.client, ['cats'], []);
    expect(values()).toEqual(['cats|tagstream:cats']);
  });

  it("refuses an invalid tracker rule with X's message before touching the rules in place", async () => {
    await syncRules(x.client, ['cats'], [{ name: 'eth', rule: '#eth' }]);
    const before = api.currentRules();
    const err = await syncRules(x.client, ['cats'], [{ name: 'neg', rule: '-dogs' }]).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RuleSyncError);
    expect(api.currentRules()).toEqual(before);
  });

  it('lists the wanted rules: keywords first, then each tracker rule once', () => {
    expect(
      wantedRules(
        ['a', 'b'],
        [
          { name: 'x', rule: 'b' },
          { name: 'y', rule: 'c' },
        ],
      ),
    ).toEqual([
      { value: 'a', tag: 'tagstream:a', trackers: [] },
      { value: 'b', tag: 'tagstream-tracker:x', trackers: ['x'] },
      { value: 'c', tag: 'tagstream-tracker:y', trackers: ['y'] },
    ]);
  });

  it('reads every page of rules', async () => {
    for (let i = 0; i < 1000; i++) api.seedRule(`foreign ${i}`, `app:${i}`);
    api.seedRule('stale', `${RULE_TAG_PREFIX}stale`);
    expect((await fetchRules(x.client)).length).toBe(1001);
    const result = await syncRules(x.client, ['cats']);
    expect(result.deleted.map((r) => r.value)).toEqual(['stale']);
    expect(result.foreign.length).toBe(1000);
    expect(api.requestsTo(RULES_PATH, 'GET').at(-1)?.query).toEqual({
      max_results: '1000',
      pagination_token: '1000',
    });
  });

  it('throws an XApiError with X 401 message for a bad token, without the token', async () => {
    const bad = createXClient({ bearerToken: `${TOKEN}-wrong`, baseUrl: api.baseUrl, ca: tls.cert });
    try {
      const err = await syncRules(bad.client, ['cats']).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(XApiError);
      const failure = (err as XApiError).failure;
      expect(failure).toMatchObject({ kind: 'http', status: 401, message: 'Unauthorized' });
      expect(JSON.stringify(err)).not.toContain(TOKEN);
      expect(String((err as Error).stack)).not.toContain(TOKEN);
    } finally {
      bad.destroy();
    }
  });

  it('throws a rate-limit XApiError on 429 from the rules endpoint', async () => {
    api.failNext('rules', { status: 429, resetAtSeconds: 2_000_000_000 });
    const err = (await syncRules(x.client, ['cats']).catch((e: unknown) => e)) as XApiError;
    expect(err.failure).toEqual({
      kind: 'rate-limit',
      status: 429,
      message: 'Too Many Requests',
      rateLimitResetAt: 2_000_000_000_000,
    });
  });
});

describe('normalizeKeywords', () => {
  it('trims, drops empties and repeats, keeps order and case', () => {
    expect(normalizeKeywords([' Cats', 'dogs', 'Cats ', '', '  ', 'cats'])).toEqual(['Cats', 'dogs', 'cats']);
  });
});
