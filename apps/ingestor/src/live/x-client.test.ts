import { describe, expect, it } from 'vitest';
import type { ITwitterApiBeforeRequestConfigHookArgs } from 'twitter-api-v2';
import {
  baseUrlPlugin,
  describeXFailure,
  normalizeBaseUrl,
  problemText,
  redact,
  XApiError,
} from './x-client.ts';

function hookArgs(url: string): ITwitterApiBeforeRequestConfigHookArgs {
  return {
    url: new URL(url),
    params: { url, method: 'GET' },
  } as unknown as ITwitterApiBeforeRequestConfigHookArgs;
}

describe('normalizeBaseUrl', () => {
  it('adds the trailing slash and drops query and hash', () => {
    expect(normalizeBaseUrl('https://127.0.0.1:8443/2')).toBe('https://127.0.0.1:8443/2/');
    expect(normalizeBaseUrl('https://api.x.com/2/?a=1#x')).toBe('https://api.x.com/2/');
  });

  it('refuses http, credentials and non-URLs', () => {
    expect(() => normalizeBaseUrl('http://127.0.0.1/2/')).toThrow(/https/);
    expect(() => normalizeBaseUrl('https://user:pw@127.0.0.1/2/')).toThrow(/credentials/);
    expect(() => normalizeBaseUrl('not a url')).toThrow(/not a URL/);
  });
});

describe('baseUrlPlugin', () => {
  it('rewrites the hard-coded X prefix for REST calls and streams, and bounds REST calls', () => {
    const plugin = baseUrlPlugin('https://127.0.0.1:9/x/2');
    const rest = hookArgs('https://api.x.com/2/tweets/search/stream/rules');
    void plugin.onBeforeRequestConfig?.(rest);
    expect(rest.params.url).toBe('https://127.0.0.1:9/x/2/tweets/search/stream/rules');
    expect(rest.params.timeout).toBe(30_000);
    const stream = hookArgs('https://api.x.com/2/tweets/search/stream');
    plugin.onBeforeStreamRequestConfig?.(stream);
    expect(stream.params.url).toBe('https://127.0.0.1:9/x/2/tweets/search/stream');
    const other = hookArgs('https://upload.x.com/1.1/media/upload.json');
    void plugin.onBeforeRequestConfig?.(other);
    expect(other.params.url).toBe('https://upload.x.com/1.1/media/upload.json');
  });

  it('leaves URLs alone when the base URL is X itself', () => {
    const args = hookArgs('https://api.x.com/2/tweets/search/stream');
    baseUrlPlugin('https://api.x.com/2/').onBeforeStreamRequestConfig?.(args);
    expect(args.params.url).toBe('https://api.x.com/2/tweets/search/stream');
  });
});

describe('error helpers', () => {
  it('redacts secrets in plain and URL-encoded form', () => {
    expect(redact('a tok+en/x b tok%2Ben%2Fx c', ['tok+en/x'])).toBe('a [redacted] b [redacted] c');
  });

  it("formats X problems without repeating X's 429 title as detail", () => {
    expect(problemText({ title: 'Too Many Requests', detail: 'Too Many Requests' })).toBe(
      'Too Many Requests',
    );
    expect(problemText({ title: 'UnprocessableEntity', details: ['bad rule'] })).toBe(
      'UnprocessableEntity: bad rule',
    );
  });

  it('classifies unknown errors as network failures, redacted', () => {
    expect(describeXFailure(new Error('boom secret-token'), ['secret-token'])).toEqual({
      kind: 'network',
      message: 'boom [redacted]',
    });
    expect(describeXFailure(new XApiError({ kind: 'http', status: 503, message: 'x' }))).toEqual({
      kind: 'http',
      status: 503,
      message: 'x',
    });
  });
});
