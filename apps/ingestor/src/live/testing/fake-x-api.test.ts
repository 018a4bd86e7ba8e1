import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeXApi, ruleSyntaxProblem } from './fake-x-api.ts';
import { makeTestCertificate, type TestCertificate } from './tls.ts';
import { waitFor } from './wait.ts';

// The fake's protocol, checked with plain HTTPS requests (no twitter-api-v2 involved).

const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAfakeTokenForTheFakeServer0001';
let tls: TestCertificate;
let api: FakeXApi;

beforeAll(async () => {
  tls = await makeTestCertificate();
});
afterAll(async () => {
  await tls.cleanup();
});
beforeEach(async () => {
  api = await FakeXApi.start({ key: tls.key, cert: tls.cert, bearerToken: TOKEN, keepAliveIntervalMs: 30 });
});
afterEach(async () => {
  await api.close();
});

interface Reply {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
  json: () => Record<string, unknown>;
}

function call(method: string, path: string, body?: unknown, token: string | null = TOKEN): Promise<Reply> {
  const url = new URL(path.replace(/^\//, ''), api.baseUrl.replace(/2\/$/, ''));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: tls.cert,
        headers: {
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text,
            json: () => JSON.parse(text) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Opens the stream and collects the raw chunks. */
function openStream(query = '') {
  const chunks: string[] = [];
  let response: IncomingMessage | undefined;
  const url = new URL(`/2/tweets/search/stream${query}`, api.baseUrl);
  const req = request(url, { ca: tls.cert, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
    response = res;
    res.setEncoding('utf8');
    res.on('data', (c: string) => chunks.push(c));
  });
  req.on('error', () => undefined);
  req.end();
  return {
    chunks,
    response: () => response,
    lines: () =>
      chunks
        .join('')
        .split('\r\n')
        .filter((l) => l.length > 0),
    close: () => req.destroy(),
  };
}

describe('fake X API: auth', () => {
  it('answers a missing or wrong bearer token with X 401 problem', async () => {
    for (const token of [null, 'nope']) {
      const r = await call('GET', '/2/tweets/search/stream/rules', undefined, token);
      expect(r.status).toBe(401);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json()).toEqual({
        title: 'Unauthorized',
        type: 'about:blank',
        status: 401,
        detail: 'Unauthorized',
      });
    }
  });

  it('records requests without the authorization value', async () => {
    await call('GET', '/2/tweets/search/stream/rules?max_results=10');
    const [rec] = api.requests;
    expect(rec).toMatchObject({
      method: 'GET',
      path: '/2/tweets/search/stream/rules',
      query: { max_results: '10' },
      authScheme: 'Bearer',
      authorized: true,
      status: 200,
    });
    expect(JSON.stringify(api.requests)).not.toContain(TOKEN);
  });
});

describe('fake X API: rules', () => {
  it('lists no rules as meta only, then rules with ids', async () => {
    const empty = await call('GET', '/2/tweets/search/stream/rules');
    expect(empty.status).toBe(200);
    const body = empty.json();
    expect(Object.keys(body)).toEqual(['meta']);
    expect(body.meta).toMatchObject({ result_count: 0 });
    expect(typeof (body.meta as { sent: string }).sent).toBe('string');

    const add = await call('POST', '/2/tweets/search/stream/rules', {
      add: [{ value: 'cats', tag: 'tagstream:cats' }, { value: 'dogs' }],
    });
    expect(add.status).toBe(201);
    const added = add.json();
    expect(added.data).toEqual([
      { id: expect.stringMatching(/^\d{18,20}$/), value: 'cats', tag: 'tagstream:cats' },
      { id: expect.stringMatching(/^\d{18,20}$/), value: 'dogs' },
    ]);
    expect(added.meta).toMatchObject({ summary: { created: 2, not_created: 0, valid: 2, invalid: 0 } });
    expect(added.errors).toBeUndefined();

    const list = (await call('GET', '/2/tweets/search/stream/rules')).json();
    expect(list.data).toEqual(added.data);
    expect(list.meta).toMatchObject({ result_count: 2 });
  });

  it('refuses duplicates with X DuplicateRule errors and creates the rest', async () => {
    const first = api.seedRule('cats', 'x');
    const r = await call('POST', '/2/tweets/search/stream/rules', {
      add: [{ value: 'cats' }, { value: 'owls' }, { value: 'owls' }],
    });
    expect(r.status).toBe(201);
    const body = r.json();
    expect(body.data).toEqual([{ id: expect.any(String), value: 'owls' }]);
    expect(body.meta).toMatchObject({ summary: { created: 1, not_created: 2 } });
    expect(body.errors).toEqual([
      {
        value: 'cats',
        id: first.id,
        title: 'DuplicateRule',
        type: 'https://api.twitter.com/2/problems/duplicate-rules',
      },
      { value: 'owls', id: expect.any(String), title: 'DuplicateRule', type: expect.any(String) },
    ]);
  });

  it('refuses a request with an invalid rule as a whole (400, invalid-rules)', async () => {
    const r = await call('POST', '/2/tweets/search/stream/rules', {
      add: [{ value: 'ok' }, { value: '-cats' }],
    });
    expect(r.status).toBe(400);
    expect(r.json()).toMatchObject({
      meta: { summary: { created: 0, not_created: 2, valid: 1, invalid: 1 } },
      errors: [
        {
          value: '-cats',
          title: 'UnprocessableEntity',
          type: 'https://api.twitter.com/2/problems/invalid-rules',
          details: ['Rules must contain a non-negation term (at position 1)'],
        },
      ],
    });
    expect(api.currentRules()).toEqual([]);
  });

  it('validates without creating on dry_run', async () => {
    const r = await call('POST', '/2/tweets/search/stream/rules?dry_run=true', { add: [{ value: 'cats' }] });
    expect(r.status).toBe(200);
    expect(r.json().meta).toMatchObject({ summary: { created: 1 } });
    expect(api.currentRules()).toEqual([]);
  });

  it('deletes by id and reports what it could not delete', async () => {
    const a = api.seedRule('a');
    api.seedRule('b');
    const r = await call('POST', '/2/tweets/search/stream/rules', { delete: { ids: [a.id, '123'] } });
    expect(r.status).toBe(200);
    const body = r.json();
    expect(body.meta).toMatchObject({ summary: { deleted: 1, not_deleted: 1 } });
    expect(Array.isArray(body.errors)).toBe(true);
    expect(body.data).toBeUndefined();
    expect(api.currentRules().map((x) => x.value)).toEqual(['b']);
  });

  it('pages rules with max_results and next_token', async () => {
    for (let i = 0; i < 5; i++) api.seedRule(`r${i}`);
    const p1 = (await call('GET', '/2/tweets/search/stream/rules?max_results=2')).json();
    expect((p1.data as unknown[]).length).toBe(2);
    const next = (p1.meta as { next_token: string }).next_token;
    const p3 = (
      await call('GET', `/2/tweets/search/stream/rules?max_results=3&pagination_token=${next}`)
    ).json();
    expect((p3.data as { value: string }[]).map((r) => r.value)).toEqual(['r2', 'r3', 'r4']);
    expect((p3.meta as { next_token?: string }).next_token).toBeUndefined();
  });

  it('checks rule syntax coarsely', () => {
    expect(ruleSyntaxProblem('cats OR dogs')).toBeUndefined();
    expect(ruleSyntaxProblem('"hello world" #tag from:someone')).toBeUndefined();
    expect(ruleSyntaxProblem('(cats')).toMatch(/parentheses/);
    expect(ruleSyntaxProblem('"cats')).toMatch(/quoted/);
    expect(ruleSyntaxProblem('from:')).toMatch(/requires a value/);
    expect(ruleSyntaxProblem('cats OR')).toMatch(/OR/);
    expect(ruleSyntaxProblem('   ')).toMatch(/empty/);
    expect(ruleSyntaxProblem('x'.repeat(513))).toMatch(/512/);
  });
});

describe('fake X API: stream', () => {
  const query =
    '?expansions=author_id,referenced_tweets.id&tweet.fields=created_at,entities,author_id&user.fields=username';

  it('streams chunked, keep-alives and matching tweets with the requested fields only', async () => {
    const rule = api.seedRule('cats', 'tagstream:cats');
    const s = openStream(query);
    await waitFor(() => api.openStreams === 1, 'stream');
    await waitFor(() => s.chunks.includes('\r\n'), 'a keep-alive');
    const res = s.response();
    expect(res?.statusCode).toBe(200);
    expect(res?.headers['transfer-encoding']).toBe('chunked');
    expect(res?.headers['content-type']).toContain('application/json');
    expect(res?.headers['x-rate-limit-limit']).toBe('50');

    expect(api.pushTweet({ text: 'no match here' }).matched).toEqual([]);
    const pushed = api.pushTweet({
      id: '1860000000000000001',
      text: 'I love CATS #Caturday',
      created_at: '2026-11-22T10:00:00.000Z',
      lang: 'en',
      author: { id: '42', username: 'alice', name: 'Alice' },
      referenced_tweets: [
        {
          type: 'quoted',
          tweet: { id: '1860000000000000000', text: 'orig', author: { id: '7', username: 'bob' } },
        },
      ],
    });
    expect(pushed.delivered).toBe(1);
    await waitFor(() => s.lines().length === 1, 'the tweet line');
    const line = JSON.parse(s.lines()[0] ?? '') as Record<string, unknown>;
    expect(line).toEqual({
      data: {
        id: '1860000000000000001',
        text: 'I love CATS #Caturday',
        edit_history_tweet_ids: ['1860000000000000001'],
        author_id: '42',
        created_at: '2026-11-22T10:00:00.000Z',
        entities: { hashtags: [{ start: 12, end: 21, tag: 'Caturday' }] },
      },
      includes: {
        users: [{ id: '42', name: 'Alice', username: 'alice' }],
        tweets: [
          {
            id: '1860000000000000000',
            text: 'orig',
            edit_history_tweet_ids: ['1860000000000000000'],
            author_id: '7',
            created_at: expect.any(String),
          },
        ],
      },
      matching_rules: [{ id: rule.id, tag: 'tagstream:cats' }],
    });
    expect(s.lines()[0]).toBe(api.sentLines[0]);
    s.close();
    await waitFor(() => api.openStreams === 0, 'stream closed');
  });

  it('evaluates rules in the rule language and lists every matching rule with its id and tag', async () => {
    const eth = api.seedRule('#eth OR ether', 'tagstream-tracker:eth');
    const btc = api.seedRule('#btc -scam', 'tagstream-tracker:btc');
    const german = api.seedRule('bitcoin lang:de');
    const matched = (text: string, lang?: string) =>
      api.pushTweet({ text, ...(lang ? { lang } : {}) }).matched.map((r) => r.id);
    expect(matched('ETHER and #BTC')).toEqual([eth.id, btc.id]);
    expect(matched('#ethereum is another tag')).toEqual([]);
    expect(matched('#btc scam')).toEqual([]);
    expect(matched('bitcoin steigt', 'de')).toEqual([german.id]);
    expect(matched('bitcoin rises', 'en')).toEqual([]);
    // A long post is matched on its full text.
    expect(
      api.pushTweet({ text: 'a long post…', note_tweet: { text: 'a long post about #eth' } }).matched,
    ).toEqual([eth]);
    const s = openStream(query);
    await waitFor(() => s.lines().length === 3, 'the queued lines');
    expect(s.lines().map((l) => (JSON.parse(l) as { matching_rules: unknown }).matching_rules)).toEqual([
      [
        { id: eth.id, tag: 'tagstream-tracker:eth' },
        { id: btc.id, tag: 'tagstream-tracker:btc' },
      ],
      [{ id: german.id }],
      [{ id: eth.id, tag: 'tagstream-tracker:eth' }],
    ]);
    s.close();
    await waitFor(() => api.openStreams === 0, 'stream closed');
  });

  it('refuses unknown fields and parameters with X invalid-request problem', async () => {
    const r = await call('GET', '/2/tweets/search/stream?tweet.fields=created_at,bogus&foo=1');
    expect(r.status).toBe(400);
    const body = r.json();
    expect(body).toMatchObject({
      title: 'Invalid Request',
      type: 'https://api.twitter.com/2/problems/invalid-request',
    });
    expect(JSON.stringify(body.errors)).toContain('bogus');
    expect(JSON.stringify(body.errors)).toContain('foo');
  });

  it('allows one connection and answers a second with TooManyConnections (429)', async () => {
    const s = openStream();
    await waitFor(() => api.openStreams === 1, 'stream');
    const second = await call('GET', '/2/tweets/search/stream');
    expect(second.status).toBe(429);
    expect(second.json()).toMatchObject({ connection_issue: 'TooManyConnections' });
    s.close();
  });

  it('queues tweets while nobody is connected and delivers them on connect', async () => {
    api.seedRule('cats');
    expect(api.pushTweet({ text: 'cats 1' }).queued).toBe(true);
    expect(api.pushTweet({ text: 'cats 2' }).queued).toBe(true);
    expect(api.pushTweet({ text: 'dogs' }).queued).toBe(false);
    const s = openStream();
    await waitFor(() => s.lines().length === 2, 'backlog');
    expect(s.lines().map((l) => (JSON.parse(l) as { data: { text: string } }).data.text)).toEqual([
      'cats 1',
      'cats 2',
    ]);
    expect(api.queued).toBe(0);
    s.close();
  });

  it('can stall, drop, send error lines, and fail the next requests', async () => {
    api.seedRule('cats');
    const s = openStream();
    await waitFor(() => s.chunks.length > 0, 'keep-alive');
    api.stallStreams();
    await new Promise((r) => setTimeout(r, 60));
    const before = s.chunks.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(s.chunks.length).toBe(before); // nothing at all while stalled
    expect(api.pushTweet({ text: 'cats' }).queued).toBe(true);
    api.dropStreams();
    await waitFor(() => api.openStreams === 0, 'drop');

    const s2 = openStream();
    await waitFor(() => s2.lines().length === 1, 'queued tweet');
    api.sendErrorLine();
    await waitFor(() => s2.lines().length === 2, 'error line');
    expect(JSON.parse(s2.lines()[1] ?? '')).toMatchObject({ errors: [{ title: 'operational-disconnect' }] });
    await waitFor(() => api.openStreams === 0, 'closed after error line');

    const reset = Math.floor(Date.now() / 1000) + 30;
    api.failNext('stream', { status: 429, resetAtSeconds: reset });
    api.failNext('stream', { status: 503 });
    const r429 = await call('GET', '/2/tweets/search/stream');
    expect(r429.status).toBe(429);
    expect(r429.headers['x-rate-limit-reset']).toBe(String(reset));
    expect(r429.headers['x-rate-limit-remaining']).toBe('0');
    expect(r429.json()).toEqual({
      title: 'Too Many Requests',
      detail: 'Too Many Requests',
      type: 'about:blank',
      status: 429,
    });
    const r503 = await call('GET', '/2/tweets/search/stream');
    expect(r503.status).toBe(503);
    expect(r503.json()).toMatchObject({ title: 'Service Unavailable', status: 503 });
    // Failures for the stream do not touch the rules endpoint.
    expect((await call('GET', '/2/tweets/search/stream/rules')).status).toBe(200);
  });

  it('rate-limits stream connects per 15-minute window', async () => {
    await api.close();
    api = await FakeXApi.start({ key: tls.key, cert: tls.cert, bearerToken: TOKEN, streamConnectLimit: 1 });
    const s = openStream();
    await waitFor(() => api.openStreams === 1, 'stream');
    s.close();
    await waitFor(() => api.openStreams === 0, 'closed');
    const r = await call('GET', '/2/tweets/search/stream');
    expect(r.status).toBe(429);
    expect(r.headers['x-rate-limit-remaining']).toBe('0');
  });
});
