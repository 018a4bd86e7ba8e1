import { Agent } from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';
import {
  ApiPartialResponseError,
  ApiRequestError,
  ApiResponseError,
  TwitterApi,
  type ITwitterApiBeforeRequestConfigHookArgs,
  type ITwitterApiClientPlugin,
} from 'twitter-api-v2';

/** The prefix twitter-api-v2 1.29 hard-codes for every v2 call. */
export const X_API_V2_PREFIX = 'https://api.x.com/2/';
export const DEFAULT_X_API_BASE_URL = X_API_V2_PREFIX;
/** REST calls (the rules endpoints) give up after this long without an answer. */
const REST_TIMEOUT_MS = 30_000;

export interface XClientOptions {
  bearerToken: string;
  /** Another X API v2 endpoint, e.g. `https://127.0.0.1:8443/2/` (X_API_BASE_URL). HTTPS only. */
  baseUrl?: string;
  /**
   * Extra CA certificate(s) to trust, in PEM, added to Node's bundled roots. Only for in-process use
   * (tests); a real process can use NODE_EXTRA_CA_CERTS instead, which the default agent honours.
   */
  ca?: string | Buffer;
}

export interface XClient {
  client: TwitterApi;
  /** The base URL requests go to, normalized with a trailing slash. */
  baseUrl: string;
  /** Frees the sockets of the agent made for `ca`, if any. */
  destroy(): void;
}

/** Validates and normalizes a base URL to `https://host[:port]/path/`. */
export function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`X API base URL is not a URL: ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== 'https:') {
    throw new Error(`X API base URL must use https (twitter-api-v2 speaks HTTPS only): ${url.origin}`);
  }
  if (url.username || url.password) throw new Error('X API base URL must not carry credentials');
  url.search = '';
  url.hash = '';
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/**
 * A client plugin that points the library's hard-coded `https://api.x.com/2/` at `baseUrl`, for both
 * REST calls (`onBeforeRequestConfig`) and streams (`onBeforeStreamRequestConfig`), and gives REST
 * calls a timeout so a silent server cannot hang a rules sync forever.
 */
export function baseUrlPlugin(baseUrl: string): ITwitterApiClientPlugin {
  const target = normalizeBaseUrl(baseUrl);
  const rewrite = ({ params }: ITwitterApiBeforeRequestConfigHookArgs): void => {
    if (target !== X_API_V2_PREFIX && params.url.startsWith(X_API_V2_PREFIX)) {
      params.url = target + params.url.slice(X_API_V2_PREFIX.length);
    }
  };
  return {
    onBeforeRequestConfig: (args) => {
      rewrite(args);
      args.params.timeout ??= REST_TIMEOUT_MS;
    },
    onBeforeStreamRequestConfig: rewrite,
  };
}

/** A twitter-api-v2 client using app-only (bearer token) auth, redirected and trusting `ca` if given. */
export function createXClient(opts: XClientOptions): XClient {
  const baseUrl = normalizeBaseUrl(opts.baseUrl ?? DEFAULT_X_API_BASE_URL);
  // The library passes `httpAgent` to https.request for REST calls and streams alike. One secure
  // context, built once: a `ca` list on the agent would re-parse every root certificate per connection.
  const agent =
    opts.ca === undefined
      ? undefined
      : new Agent({
          keepAlive: true,
          secureContext: createSecureContext({ ca: [...rootCertificates, opts.ca.toString()] }),
        });
  const client = new TwitterApi(opts.bearerToken, {
    plugins: [baseUrlPlugin(baseUrl)],
    ...(agent ? { httpAgent: agent } : {}),
  });
  return { client, baseUrl, destroy: () => agent?.destroy() };
}

// ---- errors ----

export type FailureClass = 'network' | 'http' | 'rate-limit';

/** What went wrong with a call to X, safe to log and show (no token, no request objects). */
export interface XFailure {
  kind: FailureClass;
  /** HTTP status when X answered. */
  status?: number;
  /** X's problem title and detail (`Too Many Requests`), or the network error. */
  message: string;
  /** For 429 with `x-rate-limit-remaining: 0`: when the window resets (epoch ms). */
  rateLimitResetAt?: number;
}

/** An error carrying an {@link XFailure}; thrown instead of the library's errors, which hold the request. */
export class XApiError extends Error {
  constructor(readonly failure: XFailure) {
    super(failure.message);
    this.name = 'XApiError';
  }
}

/** One problem object from X (`errors[]` entries or a top-level problem). */
export interface XProblem {
  title?: string;
  detail?: string;
  type?: string;
  value?: string;
  id?: string;
  details?: string[];
  message?: string;
}

/** `Title: detail` of an X problem, skipping repeats (X's 429 has title = detail). */
export function problemText(p: XProblem): string {
  const parts: string[] = [];
  for (const part of [p.title, p.detail, ...(p.details ?? []), p.message]) {
    if (part && !parts.includes(part)) parts.push(part);
  }
  return parts.join(': ');
}

/** Replaces every occurrence of the secrets (and their URL-encoded forms) by `[redacted]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)]))
      out = out.split(form).join('[redacted]');
  }
  return out;
}

/** Classifies any error thrown by twitter-api-v2 (or by us) into an {@link XFailure}. */
export function describeXFailure(err: unknown, secrets: readonly string[] = []): XFailure {
  const clean = (s: string) => redact(s, secrets);
  if (err instanceof XApiError) return { ...err.failure, message: clean(err.failure.message) };
  if (err instanceof ApiResponseError) {
    const status = err.code;
    const message = clean(messageOfPayload(err.data) ?? `HTTP ${status}`);
    if (status === 429 || status === 420) {
      const failure: XFailure = { kind: 'rate-limit', status, message };
      const remaining = headerValue(err.headers, 'x-rate-limit-remaining');
      const reset = Number(headerValue(err.headers, 'x-rate-limit-reset'));
      if (remaining === '0' && Number.isFinite(reset) && reset > 0) failure.rateLimitResetAt = reset * 1000;
      return failure;
    }
    return { kind: 'http', status, message };
  }
  if (err instanceof ApiPartialResponseError) {
    return { kind: 'network', message: clean(`response interrupted: ${errorText(err.responseError)}`) };
  }
  if (err instanceof ApiRequestError) {
    return { kind: 'network', message: clean(errorText(requestErrorCause(err))) };
  }
  return { kind: 'network', message: clean(errorText(err)) };
}

/**
 * The network error behind an ApiRequestError. twitter-api-v2 1.29 stores it as `_options.error`
 * while its `requestError` getter reads `_options.requestError`, which is always undefined.
 */
function requestErrorCause(err: ApiRequestError): unknown {
  const options = (err as unknown as { _options?: { error?: unknown } })._options;
  return err.requestError ?? options?.error ?? err.message;
}

function messageOfPayload(data: unknown): string | undefined {
  if (typeof data === 'string') return data.trim().slice(0, 300) || undefined;
  if (typeof data !== 'object' || data === null) return undefined;
  const top = problemText(data as XProblem);
  if (top) return top;
  const errors = (data as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.length > 0) {
    return errors
      .map((e) => (typeof e === 'object' && e !== null ? problemText(e as XProblem) : String(e)))
      .filter(Boolean)
      .join('; ');
  }
  return undefined;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const v = (headers as Record<string, unknown>)[name];
  return Array.isArray(v) ? String(v[0]) : typeof v === 'string' ? v : undefined;
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

/** The text of an error line X sends on the stream (`{"errors":[…]}`, e.g. operational-disconnect). */
export function streamErrorText(payload: unknown): string {
  const errors = (payload as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return 'error';
  return errors
    .map((e) => (typeof e === 'object' && e !== null ? problemText(e as XProblem) : String(e)))
    .join('; ');
}
