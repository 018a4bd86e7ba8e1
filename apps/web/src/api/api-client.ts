import { apiErrorFrom, ApiError } from './api-error.ts';
import type { TokenStore } from './admin-token-store.ts';
import type { TokenPrompt } from './token-prompt.ts';

export interface ApiClient {
  get<T>(path: string, signal?: AbortSignal): Promise<T>;
  /** A changing request: JSON body, or FormData for uploads. Asks for the admin token on a 401. */
  send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

export interface ApiClientOptions {
  fetch: typeof fetch;
  tokens: TokenStore;
  prompt: Pick<TokenPrompt, 'request'>;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { message: text.slice(0, 200) };
  }
}

/**
 * The REST client. Reads need no token (viewers see everything); changes carry
 * `Authorization: Bearer` when a token is known. A 401 asks the reader for the token once
 * (a wrong stored token is dropped and asked for again), keeps it for the session, and retries.
 */
export function createApiClient({ fetch, tokens, prompt }: ApiClientOptions): ApiClient {
  async function request(
    method: string,
    path: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = method === 'GET' ? null : tokens.get();
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    return fetch(path, { method, headers, body: payload, signal, credentials: 'same-origin' });
  }

  async function parse<T>(response: Response): Promise<T> {
    const body = await readBody(response);
    if (!response.ok) throw apiErrorFrom(response.status, body);
    return body as T;
  }

  return {
    async get<T>(path: string, signal?: AbortSignal) {
      return parse<T>(await request('GET', path, undefined, signal));
    },
    async send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) {
      let response = await request(method, path, body);
      if (response.status !== 401) return parse<T>(response);
      const hadToken = tokens.get() !== null;
      tokens.set(null);
      const token = await prompt.request(hadToken ? 'refused' : 'required');
      if (token === null) throw new ApiError(401, 'This change needs the admin token.');
      tokens.set(token);
      response = await request(method, path, body);
      if (response.status === 401) {
        tokens.set(null);
        throw new ApiError(401, 'The admin token was refused.');
      }
      return parse<T>(response);
    },
  };
}
