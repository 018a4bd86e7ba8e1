import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootServer, Cleanup, lineSource, rawRequest, tempDir } from '../testing/harness.ts';

// One server for the whole file: each case only reads settings or is refused before changing anything.
const c = new Cleanup();
afterAll(() => c.run());
let booted: ReturnType<typeof boot> | undefined;
const server = () => (booted ??= boot());

async function boot() {
  const dir = await tempDir(c);
  const src = await lineSource(c);
  const { url } = await bootServer(c, {
    source: { host: '127.0.0.1', port: src.port },
    recordingsDir: path.join(dir, 'recordings'),
  });
  const send = async (method: string, p: string, body: string, type = 'application/json') => {
    const res = await fetch(`${url}${p}`, { method, headers: { 'content-type': type }, body });
    const text = await res.text();
    return { status: res.status, message: (JSON.parse(text) as { message?: string }).message, text };
  };
  return { url, send };
}

describe('request bodies are validated as written', () => {
  // Without an ingestor (`--control none`) a valid track or replay body gets 503; an invalid one never gets that far.
  it.each([
    [
      'PUT',
      '/api/track',
      '{"keywords":"ether"}',
      'body.keywords must be a list of strings (got the string "ether")',
    ],
    ['PUT', '/api/track', '{"keywords":[1,2]}', 'body.keywords[0] must be a string (got the number 1)'],
    [
      'PUT',
      '/api/track',
      '{"keywords":["ether"],"keyword":["btc"]}',
      'body has a field it does not take: "keyword" (it takes "keywords")',
    ],
    ['PUT', '/api/track', '{}', 'body is missing "keywords"'],
    ['PUT', '/api/track', '["ether"]', 'body must be an object (got a list)'],
    [
      'PUT',
      '/api/settings',
      '{"topK":"5"}',
      'body.topK must be a whole number at least 1 and at most 100 (got the string "5")',
    ],
    [
      'PUT',
      '/api/settings',
      '{"retweets":"false"}',
      'body.retweets must be true or false (got the string "false")',
    ],
    [
      'PUT',
      '/api/settings',
      '{"windowMs":20000,"windowSize":30000}',
      'body has a field it does not take: "windowSize" (it takes "batchMs", "windowMs", "slideMs", "topK", "retweets", "related")',
    ],
    ['PUT', '/api/settings', '{"topK":0}', 'body.topK must be >= 1 (got the number 0)'],
    [
      'POST',
      '/api/replay',
      '{"file":"a.jsonl","speed":"fast"}',
      'body.speed must be a number above 0 and at most 100000 or "max" (got the string "fast")',
    ],
    [
      'POST',
      '/api/replay',
      '{"file":"a.jsonl","loop":"yes"}',
      'body.loop must be true or false (got the string "yes")',
    ],
    [
      'POST',
      '/api/replay/speed',
      '{"speed":"10"}',
      'body.speed must be a number above 0 and at most 100000 or "max" (got the string "10")',
    ],
  ])('%s %s %s → 400: %s', async (method, p, body, message) => {
    const { send } = await server();
    const r = await send(method, p, body);
    expect(r.status).toBe(400);
    expect(r.message).toBe(message);
  });

  it('says what is wrong with a __proto__ or constructor.prototype key, and with JSON that does not parse', async () => {
    const { send } = await server();
    for (const body of [
      '{"topK":5,"__proto__":{"isAdmin":true}}',
      '{"topK":5,"constructor":{"prototype":{"isAdmin":true}}}',
    ]) {
      const r = await send('PUT', '/api/settings', body);
      expect(r.status).toBe(400);
      expect(r.message).toMatch(
        /^the body has a "__proto__" or "constructor\.prototype" key, which is refused/,
      );
    }
    const broken = await send('PUT', '/api/settings', '{"topK": 5');
    expect(broken.status).toBe(400);
    expect(broken.message).toMatch(/^the body is not valid JSON: /);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('keeps coercing query strings, where everything arrives as text', async () => {
    const { url } = await server();
    expect((await fetch(`${url}/api/history?limit=10`)).status).toBe(200);
    const bad = await fetch(`${url}/api/history?limit=ten`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toBe(
      'querystring.limit must be a whole number at least 1 and at most 10000 (got the string "ten")',
    );
  });

  it('takes valid bodies as before', async () => {
    const { send } = await server();
    const r = await send('PUT', '/api/settings', '{"topK":5,"retweets":false}');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ topK: 5, retweets: false });
  });
});

describe('JSON only on the JSON routes', () => {
  it.each([
    ['text/plain', '{"topK":3}'],
    ['application/x-www-form-urlencoded', 'topK=3'],
    ['multipart/form-data; boundary=x', '--x--'],
  ])('refuses %s with 415', async (type, body) => {
    const { send } = await server();
    const r = await send('PUT', '/api/settings', body, type);
    expect(r.status).toBe(415);
    expect(r.message).toBe(`this request takes application/json, not ${type.split(';')[0]!}`);
  });

  it('refuses a body without a Content-Type, and takes a request without a body', async () => {
    const { url, send } = await server();
    // fetch would add text/plain to a string body: sent raw, with no Content-Type at all.
    const untyped = await rawRequest(url, { method: 'PUT', path: '/api/settings', body: '{"topK":3}' });
    expect(untyped.status).toBe(415);
    expect(untyped.json().message).toBe('send the body with Content-Type: application/json');
    // curl -X POST: no body, no type. (No ingestor behind this server: 503, past every check.)
    expect((await fetch(`${url}/api/replay/pause`, { method: 'POST' })).status).toBe(503);
    expect((await send('POST', '/api/replay/pause', '')).status).toBe(503);
  });
});
