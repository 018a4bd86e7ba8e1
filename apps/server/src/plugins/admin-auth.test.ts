import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../server.ts';
import { ManualClock } from '@tagstream/time';
import { bootServer, Cleanup, lineSource, tempDir } from '../testing/harness.ts';

const c = new Cleanup();
afterEach(() => c.run());

const TOKEN = 'admin-token-Zq8vW3xK-4f1c';

/** A server with an admin token; the failed-login throttle's delays shortened to milliseconds. */
async function server(extra: Partial<ServerConfig> = {}) {
  const dir = await tempDir(c);
  const src = await lineSource(c);
  const { url, app } = await bootServer(c, {
    source: { host: '127.0.0.1', port: src.port },
    recordingsDir: path.join(dir, 'recordings'),
    adminToken: TOKEN,
    failedAuth: { firstDelayMs: 1, maxDelayMs: 4 },
    ...extra,
  });
  const put = async (token: string | null, topK = 5) => {
    const res = await fetch(`${url}/api/settings`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify({ topK }),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };
  return { url, app, put };
}

describe('the admin token: authentication first, then budgets', () => {
  it('thirty failed logins from one address do not stop the admin’s next request from it', async () => {
    const { put } = await server();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await put(`guess-${i}`);
      statuses.push(r.status);
      if (r.status === 429) {
        expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(r.body.message).toMatch(/too many wrong ones/);
      }
    }
    // Ten free failures (typos happen), then each answer is held and says so.
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(20).fill(429)]);
    const admin = await put(TOKEN, 7);
    expect(admin.status).toBe(200);
    expect(admin.body.topK).toBe(7);
  });

  it('wrong tokens never spend the admin’s budget of changes; the admin’s own requests do', async () => {
    const { put } = await server({ changeRateLimit: { max: 3, timeWindowMs: 60_000 } });
    for (let i = 0; i < 12; i++) expect([401, 429]).toContain((await put(`guess-${i}`)).status);
    for (let i = 0; i < 3; i++) expect((await put(TOKEN)).status).toBe(200);
    const over = await put(TOKEN);
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({
      error: 'Too Many Requests',
      message: expect.stringMatching(/Rate limit/),
    });
  });

  it('answers a missing token and a wrong one of any length alike, and never echoes either', async () => {
    const { put } = await server({ failedAuth: { freeFailures: 100 } });
    const missing = await put(null);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(missing.body.message).toMatch(/needs the admin token/);
    const answers = new Set<string>();
    for (const guess of ['a', TOKEN.slice(0, -1), `${TOKEN.slice(0, -1)}X`, `${TOKEN}x`, 'y'.repeat(4096)]) {
      const r = await put(guess);
      expect(r.status).toBe(401);
      const text = JSON.stringify(r.body);
      if (guess.length > 1) expect(text).not.toContain(guess.slice(0, 20));
      answers.add(text);
    }
    expect([...answers]).toEqual([
      JSON.stringify({ statusCode: 401, error: 'Unauthorized', message: 'the admin token was refused' }),
    ]);
  });

  it('lets held answers go when the server closes, so that they never hold up a shutdown', async () => {
    // Time stands still: the answer stays held until the server lets it go.
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const clock = new (class extends ManualClock {
      override sleep(ms: number, signal?: AbortSignal): Promise<void> {
        holding();
        return super.sleep(ms, signal);
      }
    })();
    const { app, put } = await server({ failedAuth: { freeFailures: 0, timers: clock } });
    const answer = put('guess');
    await held;
    const started = performance.now();
    await app.close();
    expect(performance.now() - started).toBeLessThan(10_000);
    expect((await answer).status).toBe(429);
  });

  it('without a token, every change meets the one budget (there is no one to authenticate)', async () => {
    const { put } = await server({
      adminToken: undefined,
      changeRateLimit: { max: 2, timeWindowMs: 60_000 },
    });
    expect((await put(null)).status).toBe(200);
    expect((await put('anything')).status).toBe(200);
    expect((await put(null)).status).toBe(429);
  });
});
