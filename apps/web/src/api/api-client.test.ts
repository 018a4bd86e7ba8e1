import { describe, expect, it, vi } from 'vitest';
import { memoryTokenStore } from './admin-token-store.ts';
import { createApiClient } from './api-client.ts';
import { ApiError } from './api-error.ts';
import { createTokenPrompt } from './token-prompt.ts';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A fake server that accepts changes only with `Bearer secret`. */
function fakeServer() {
  const calls: Array<{ method: string; auth: string | null }> = [];
  const fetch = vi.fn(async (_path: string | URL | Request, init?: RequestInit) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const auth = headers.authorization ?? null;
    const method = init?.method ?? 'GET';
    calls.push({ method, auth });
    if (method !== 'GET' && auth !== 'Bearer secret')
      return json(401, { statusCode: 401, error: 'Unauthorized', message: 'no' });
    return json(200, { keywords: ['a'] });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

describe('createApiClient', () => {
  it('reads without a token', async () => {
    const server = fakeServer();
    const prompt = { request: vi.fn() };
    const api = createApiClient({ fetch: server.fetch, tokens: memoryTokenStore('secret'), prompt });
    await expect(api.get('/api/track')).resolves.toEqual({ keywords: ['a'] });
    expect(server.calls[0]?.auth).toBeNull();
    expect(prompt.request).not.toHaveBeenCalled();
  });

  it('asks for the token on a 401, keeps it, and retries', async () => {
    const server = fakeServer();
    const tokens = memoryTokenStore();
    const prompt = { request: vi.fn(async () => 'secret') };
    const api = createApiClient({ fetch: server.fetch, tokens, prompt });
    await expect(api.send('PUT', '/api/track', { keywords: ['a'] })).resolves.toEqual({ keywords: ['a'] });
    expect(prompt.request).toHaveBeenCalledWith('required');
    expect(tokens.get()).toBe('secret');
    await api.send('PUT', '/api/track', { keywords: ['a'] });
    expect(prompt.request).toHaveBeenCalledTimes(1);
    expect(server.calls.map((c) => c.auth)).toEqual([null, 'Bearer secret', 'Bearer secret']);
  });

  it('drops a stored token that is refused and asks again', async () => {
    const server = fakeServer();
    const tokens = memoryTokenStore('stale');
    const prompt = { request: vi.fn(async () => 'secret') };
    const api = createApiClient({ fetch: server.fetch, tokens, prompt });
    await api.send('POST', '/api/replay/pause');
    expect(prompt.request).toHaveBeenCalledWith('refused');
    expect(tokens.get()).toBe('secret');
  });

  it('fails with a clear message when the reader cancels or the new token is wrong', async () => {
    const server = fakeServer();
    const cancelled = createApiClient({
      fetch: server.fetch,
      tokens: memoryTokenStore(),
      prompt: { request: async () => null },
    });
    await expect(cancelled.send('POST', '/api/replay/pause')).rejects.toThrow('needs the admin token');
    const tokens = memoryTokenStore();
    const wrong = createApiClient({ fetch: server.fetch, tokens, prompt: { request: async () => 'nope' } });
    await expect(wrong.send('POST', '/api/replay/pause')).rejects.toThrow('refused');
    expect(tokens.get()).toBeNull();
  });

  it('reports a rule syntax error with its position', async () => {
    const fetch = (async () =>
      json(400, {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Unbalanced parenthesis',
        rule: { index: 1, position: 4, length: 1, message: 'Unbalanced parenthesis' },
      })) as unknown as typeof globalThis.fetch;
    const api = createApiClient({ fetch, tokens: memoryTokenStore(), prompt: { request: async () => null } });
    const error = await api.send('PUT', '/api/track', { keywords: ['a', '(abc'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).rule).toEqual({
      index: 1,
      position: 4,
      length: 1,
      message: 'Unbalanced parenthesis',
    });
  });
});

describe('createTokenPrompt', () => {
  it('asks once for concurrent requests and gives every one the answer', async () => {
    const prompt = createTokenPrompt();
    const listener = vi.fn();
    prompt.subscribe(listener);
    const first = prompt.request('required');
    const second = prompt.request('required');
    expect(prompt.current()).toMatchObject({ reason: 'required' });
    prompt.answer('  secret ');
    await expect(first).resolves.toBe('secret');
    await expect(second).resolves.toBe('secret');
    expect(prompt.current()).toBeNull();
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('treats an empty answer as cancel', async () => {
    const prompt = createTokenPrompt();
    const answer = prompt.request('required');
    prompt.answer('');
    await expect(answer).resolves.toBeNull();
  });
});
