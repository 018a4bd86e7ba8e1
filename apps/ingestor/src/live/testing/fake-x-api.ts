/**
 * A local HTTPS server that speaks the X API v2 filtered-stream protocol, for tests.
 *
 * Endpoints (paths as X serves them under `/2/`):
 * - `GET  /2/tweets/search/stream/rules` (`ids`, `max_results`, `pagination_token`): the rules, as
 *   `{"data":[{id,value,tag}],"meta":{"sent","result_count","next_token"?}}`; with no rules
 *   `{"meta":{"sent","result_count":0}}`.
 * - `POST /2/tweets/search/stream/rules` (`dry_run`, `delete_all`) with `{"add":[{value,tag}]}` or
 *   `{"delete":{"ids":[…]}}` (or `"values"`): X's `data`/`meta.summary`/`errors` shapes. A value that
 *   an existing rule (or an earlier entry of the same request) already has is a `DuplicateRule` error
 *   and is not created (HTTP 200, or 201 when something was created). If any value is invalid the
 *   whole request is refused with HTTP 400 and `invalid-rules` errors, nothing created. Rule syntax is
 *   checked only coarsely (see {@link ruleSyntaxProblem}).
 * - `GET  /2/tweets/search/stream` (`expansions`, `tweet.fields`, `user.fields`, `media.fields`,
 *   `place.fields`, `poll.fields`, `backfill_minutes`): a chunked response of `\r\n`-terminated JSON
 *   lines `{"data","includes","matching_rules"}`, rendered with only the fields and expansions the
 *   connection asked for, and a bare `\r\n` keep-alive every `keepAliveIntervalMs` (20 s at X).
 *   Unknown parameters or field names get X's 400 `invalid-request` problem.
 *
 * Every request needs `Authorization: Bearer <token>` or gets X's 401 problem. Responses carry
 * `x-rate-limit-limit/remaining/reset`; the stream allows 50 connects and the rules endpoint 450
 * requests per 15 minutes (configurable), and at most `maxStreamConnections` (1, as at X) concurrent
 * streams; beyond that X's 429 `TooManyConnections` problem.
 *
 * Simplifications, on purpose:
 * - **Matching**: a rule is evaluated in the track-rule language, X's operators as
 *   @tagstream/tweets implements them (keywords, phrases, `#tag`, `@user`, `from:`, `lang:`,
 *   `OR`, `-`, parentheses…), against the tweet's full text (its `note_tweet` when it has one),
 *   author and language. A value that language refuses but the coarse check below lets through
 *   matches when it is a substring of that text, lower-cased. Matching is decided when the tweet is
 *   pushed, against the rules of that moment (as at X), and every line lists the rules that
 *   matched in `matching_rules` with their ids and tags, as X does.
 * - **Queueing**: a matching tweet pushed while no healthy stream is connected (none, or all stalled)
 *   is queued and delivered, in order, to the next stream that connects. X only offers recovery
 *   (`backfill_minutes`) on some tiers; queueing lets tests assert "nothing lost across a reconnect".
 * - No compression (X honours `Accept-Encoding: gzip`), no partitions, no backfill.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { compileRule, type Tweet } from '@tagstream/tweets';

export interface FakeRule {
  id: string;
  value: string;
  tag?: string;
}

export interface FakeUser {
  id: string;
  username: string;
  name?: string;
}

export interface FakeTweetInput {
  /** Generated (a Snowflake id for the current time) when absent. */
  id?: string;
  text: string;
  /** Defaults to the time of the push. */
  created_at?: string;
  lang?: string;
  /** Defaults to a fixed test user. */
  author?: FakeUser;
  note_tweet?: { text: string };
  /** Defaults to the hashtags found by a simple `#word` scan of `text`. */
  entities?: Record<string, unknown>;
  referenced_tweets?: { type: 'retweeted' | 'quoted' | 'replied_to'; tweet: FakeTweetInput }[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Request headers, without `authorization` (its value is never recorded). */
  headers: Record<string, string | string[] | undefined>;
  /** Scheme of the Authorization header (`Bearer`), or `none`. */
  authScheme: string;
  /** Whether the bearer token was the expected one. */
  authorized: boolean;
  body?: unknown;
  status?: number;
  at: number;
}

export type FakeFailureStatus = 400 | 401 | 403 | 404 | 429 | 500 | 502 | 503 | 504;

export interface FakeFailure {
  status: FakeFailureStatus;
  /** For 429: `x-rate-limit-reset` (epoch seconds). Defaults to the end of the current window. */
  resetAtSeconds?: number;
  /** For 429: `x-rate-limit-remaining`. Defaults to 0. */
  remaining?: number;
  /** Replaces X's default problem body for this status. */
  body?: Record<string, unknown>;
}

export interface FakeXApiOptions {
  key: string | Buffer;
  cert: string | Buffer;
  bearerToken: string;
  /** Interval of `\r\n` keep-alives on each stream (X: 20 s). */
  keepAliveIntervalMs?: number;
  /** Concurrent stream connections allowed (X: 1 for most tiers). */
  maxStreamConnections?: number;
  /** Stream connects per 15-minute window (X: 50). */
  streamConnectLimit?: number;
  /** Rules requests per 15-minute window (X: 450). */
  rulesRequestLimit?: number;
  /** See the module comment. Default true. */
  queueWhileDisconnected?: boolean;
}

export interface PushResult {
  id: string;
  matched: FakeRule[];
  /** Streams the line was written to. */
  delivered: number;
  queued: boolean;
}

const WINDOW_MS = 15 * 60 * 1000;
const TWITTER_EPOCH = 1288834974657n;
const DEFAULT_AUTHOR: FakeUser = { id: '2244994945', username: 'tagstream_test', name: 'Tagstream Test' };

const TWEET_FIELDS = [
  'article',
  'attachments',
  'author_id',
  'card_uri',
  'community_id',
  'context_annotations',
  'conversation_id',
  'created_at',
  'display_text_range',
  'edit_controls',
  'edit_history_tweet_ids',
  'entities',
  'geo',
  'id',
  'in_reply_to_user_id',
  'lang',
  'media_metadata',
  'non_public_metrics',
  'note_tweet',
  'organic_metrics',
  'possibly_sensitive',
  'promoted_metrics',
  'public_metrics',
  'referenced_tweets',
  'reply_settings',
  'scopes',
  'source',
  'text',
  'withheld',
];
const USER_FIELDS = [
  'affiliation',
  'connection_status',
  'created_at',
  'description',
  'entities',
  'id',
  'location',
  'most_recent_tweet_id',
  'name',
  'pinned_tweet_id',
  'profile_banner_url',
  'profile_image_url',
  'protected',
  'public_metrics',
  'receives_your_dm',
  'subscription_type',
  'url',
  'username',
  'verified',
  'verified_type',
  'withheld',
];
const EXPANSIONS = [
  'attachments.poll_ids',
  'attachments.media_keys',
  'author_id',
  'edit_history_tweet_ids',
  'entities.mentions.username',
  'geo.place_id',
  'in_reply_to_user_id',
  'entities.note.mentions.username',
  'referenced_tweets.id',
  'referenced_tweets.id.attachments.media_keys',
  'referenced_tweets.id.author_id',
];
const STREAM_PARAMS = new Set([
  'expansions',
  'tweet.fields',
  'user.fields',
  'media.fields',
  'place.fields',
  'poll.fields',
  'backfill_minutes',
]);
const CHECKED_LISTS: Record<string, string[]> = {
  expansions: EXPANSIONS,
  'tweet.fields': TWEET_FIELDS,
  'user.fields': USER_FIELDS,
};

const INVALID_REQUEST = {
  title: 'Invalid Request',
  detail: 'One or more parameters to your request was invalid.',
  type: 'https://api.twitter.com/2/problems/invalid-request',
};

interface RequestedFields {
  expansions: Set<string>;
  tweetFields: Set<string>;
  userFields: Set<string>;
}

interface StreamConnection {
  id: number;
  res: ServerResponse;
  socket: Socket;
  fields: RequestedFields;
  stalled: boolean;
  keepAlive?: NodeJS.Timeout;
}

interface QueuedTweet {
  tweet: NormalizedTweet;
  matched: FakeRule[];
}

interface NormalizedTweet {
  id: string;
  text: string;
  created_at: string;
  lang?: string;
  author: FakeUser;
  note_tweet?: { text: string };
  entities: Record<string, unknown>;
  referenced: { type: string; tweet: NormalizedTweet }[];
}

interface RateWindow {
  start: number;
  used: number;
}

export class FakeXApi {
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Every line written on a stream (tweets, error lines), in order, without the `\r\n`. */
  readonly sentLines: string[] = [];

  private readonly server: Server;
  private readonly opts: Required<Omit<FakeXApiOptions, 'key' | 'cert'>>;
  private rules: FakeRule[] = [];
  private readonly compiled = new Map<string, (tweet: Tweet) => boolean>();
  private streams = new Map<number, StreamConnection>();
  private queue: QueuedTweet[] = [];
  private failures: { target: 'stream' | 'rules'; failure: FakeFailure }[] = [];
  private nextConnId = 1;
  private idSeq = 0n;
  private lastIdMs = 0n;
  private windows: Record<'stream' | 'rules', RateWindow> = {
    stream: { start: Date.now(), used: 0 },
    rules: { start: Date.now(), used: 0 },
  };
  private connects = 0;
  private sockets = new Set<Socket>();
  private port = 0;

  private constructor(options: FakeXApiOptions) {
    this.opts = {
      bearerToken: options.bearerToken,
      keepAliveIntervalMs: options.keepAliveIntervalMs ?? 20_000,
      maxStreamConnections: options.maxStreamConnections ?? 1,
      streamConnectLimit: options.streamConnectLimit ?? 50,
      rulesRequestLimit: options.rulesRequestLimit ?? 450,
      queueWhileDisconnected: options.queueWhileDisconnected ?? true,
    };
    this.server = createServer({ key: options.key, cert: options.cert }, (req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) this.sendJson(res, 500, { title: 'Internal Server Error' });
        else res.destroy();
      });
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    // A client that gives up mid-handshake (closing a stalled stream, say) is no server error.
    this.server.on('tlsClientError', () => undefined);
  }

  /** Starts the server on 127.0.0.1 and a random port. */
  static async start(options: FakeXApiOptions): Promise<FakeXApi> {
    const api = new FakeXApi(options);
    await new Promise<void>((resolve, reject) => {
      api.server.once('error', reject);
      api.server.listen(0, '127.0.0.1', () => {
        api.server.off('error', reject);
        resolve();
      });
    });
    api.port = (api.server.address() as AddressInfo).port;
    return api;
  }

  /** `https://127.0.0.1:<port>/2/`, the value for `X_API_BASE_URL`. */
  get baseUrl(): string {
    return `https://127.0.0.1:${this.port}/2/`;
  }

  /** A copy of the current rules. */
  currentRules(): FakeRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Adds a rule directly, as another tool sharing the app would (no request recorded). */
  seedRule(value: string, tag?: string): FakeRule {
    const rule: FakeRule = { id: this.newId(), value, ...(tag === undefined ? {} : { tag }) };
    this.rules.push(rule);
    return { ...rule };
  }

  /** Stream connections currently open (healthy or stalled). */
  get openStreams(): number {
    return this.streams.size;
  }

  /** Successful stream connects since start. */
  get streamConnects(): number {
    return this.connects;
  }

  /** Tweets waiting for the next stream connection. */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * A tweet is posted on X. If it matches a rule it is written to every healthy stream (or queued
   * when there is none); otherwise it is dropped, as X would.
   */
  pushTweet(input: FakeTweetInput): PushResult {
    const tweet = this.normalize(input);
    const matched = this.rules.filter((r) => this.matches(r, tweet));
    if (matched.length === 0) return { id: tweet.id, matched, delivered: 0, queued: false };
    const healthy = [...this.streams.values()].filter((c) => !c.stalled);
    if (healthy.length === 0) {
      if (this.opts.queueWhileDisconnected) this.queue.push({ tweet, matched });
      return { id: tweet.id, matched, delivered: 0, queued: this.opts.queueWhileDisconnected };
    }
    for (const conn of healthy) this.writeLine(conn, this.render(tweet, matched, conn.fields));
    return { id: tweet.id, matched, delivered: healthy.length, queued: false };
  }

  /** Destroys every stream's socket mid-stream (no error line, no clean end), like a network drop. */
  dropStreams(): void {
    for (const conn of [...this.streams.values()]) {
      this.forget(conn);
      conn.socket.destroy();
    }
  }

  /**
   * Stops sending anything (tweets and keep-alives) on the open streams while keeping their sockets
   * open. Tweets pushed meanwhile are queued for the next connection.
   */
  stallStreams(): void {
    for (const conn of this.streams.values()) {
      conn.stalled = true;
      if (conn.keepAlive) clearInterval(conn.keepAlive);
      conn.keepAlive = undefined;
    }
  }

  /** Writes an error-only line on every open stream, e.g. X's operational disconnect; `end` closes them after. */
  sendErrorLine(
    error: Record<string, unknown> = {
      title: 'operational-disconnect',
      disconnect_type: 'UpstreamOperationalDisconnect',
      detail: 'This stream has been disconnected upstream for operational reasons.',
      type: 'https://api.twitter.com/2/problems/operational-disconnect',
    },
    end = true,
  ): void {
    const line = JSON.stringify({ errors: [error] });
    for (const conn of [...this.streams.values()]) {
      this.writeLine(conn, line);
      if (end) {
        this.forget(conn);
        conn.res.end();
      }
    }
  }

  /** The next `times` requests to the target get this error response instead of being served. */
  failNext(target: 'stream' | 'rules', failure: FakeFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push({ target, failure });
  }

  /** Pending `failNext` responses. */
  get pendingFailures(): number {
    return this.failures.length;
  }

  /** Requests to a path (e.g. `/2/tweets/search/stream`), optionally of one method. */
  requestsTo(path: string, method?: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path && (method === undefined || r.method === method));
  }

  async close(): Promise<void> {
    for (const conn of [...this.streams.values()]) {
      this.forget(conn);
      conn.socket.destroy();
    }
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- request handling ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const { authorization, ...headers } = req.headers;
    const [scheme, ...rest] = (authorization ?? '').split(' ');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      headers,
      authScheme: authorization ? (scheme ?? '') : 'none',
      authorized: scheme === 'Bearer' && rest.join(' ') === this.opts.bearerToken,
      at: Date.now(),
    };
    this.requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));
    res.on('close', () => (record.status ??= res.statusCode));

    const body = await readBody(req);
    if (body.length > 0) {
      try {
        record.body = JSON.parse(body);
      } catch {
        record.body = body;
      }
    }

    if (!record.authorized) {
      this.sendJson(res, 401, {
        title: 'Unauthorized',
        type: 'about:blank',
        status: 401,
        detail: 'Unauthorized',
      });
      return;
    }

    const target =
      url.pathname === '/2/tweets/search/stream'
        ? 'stream'
        : url.pathname === '/2/tweets/search/stream/rules'
          ? 'rules'
          : undefined;
    if (!target) {
      this.sendJson(res, 404, {
        errors: [{ message: `The requested resource ${url.pathname} could not be found.` }],
        title: 'Not Found Error',
        detail: 'Sorry, that page does not exist.',
        type: 'https://api.twitter.com/2/problems/resource-not-found',
      });
      return;
    }

    const failureIndex = this.failures.findIndex((f) => f.target === target);
    if (failureIndex >= 0) {
      const [pending] = this.failures.splice(failureIndex, 1);
      if (pending) this.sendFailure(res, target, pending.failure);
      return;
    }

    // Rate limit of the endpoint.
    const window = this.window(target);
    const limit = target === 'stream' ? this.opts.streamConnectLimit : this.opts.rulesRequestLimit;
    if (window.used >= limit) {
      this.sendFailure(res, target, { status: 429 });
      return;
    }
    window.used += 1;

    if (target === 'stream') {
      if (req.method !== 'GET') return this.methodNotAllowed(res);
      return this.openStream(req, res, url);
    }
    if (req.method === 'GET') return this.getRules(res, url);
    if (req.method === 'POST') return this.postRules(res, url, record.body);
    return this.methodNotAllowed(res);
  }

  private methodNotAllowed(res: ServerResponse): void {
    this.sendJson(res, 405, {
      title: 'Method Not Allowed',
      type: 'about:blank',
      status: 405,
      detail: 'Method Not Allowed',
    });
  }

  private getRules(res: ServerResponse, url: URL): void {
    const bad = unknownParams(url, ['ids', 'max_results', 'pagination_token']);
    if (bad) return this.sendJson(res, 400, bad, this.rateHeaders('rules'));
    let rules = this.rules;
    const ids = url.searchParams.get('ids');
    if (ids) {
      const wanted = new Set(ids.split(','));
      rules = rules.filter((r) => wanted.has(r.id));
    }
    const max = Math.min(1000, Math.max(1, Number(url.searchParams.get('max_results') ?? 1000) || 1000));
    const offset = Number(url.searchParams.get('pagination_token') ?? 0) || 0;
    const page = rules.slice(offset, offset + max);
    const meta: Record<string, unknown> = { sent: new Date().toISOString(), result_count: page.length };
    if (offset + max < rules.length) meta.next_token = String(offset + max);
    const body = page.length > 0 ? { data: page.map(renderRule), meta } : { meta };
    this.sendJson(res, 200, body, this.rateHeaders('rules'));
  }

  private postRules(res: ServerResponse, url: URL, body: unknown): void {
    const headers = this.rateHeaders('rules');
    const bad = unknownParams(url, ['dry_run', 'delete_all']);
    if (bad) return this.sendJson(res, 400, bad, headers);
    const dryRun = url.searchParams.get('dry_run') === 'true';
    const sent = new Date().toISOString();

    if (url.searchParams.get('delete_all') === 'true') {
      const deleted = this.rules.length;
      if (!dryRun) this.rules = [];
      return this.sendJson(res, 200, { meta: { sent, summary: { deleted, not_deleted: 0 } } }, headers);
    }

    if (isObject(body) && Array.isArray(body.add)) {
      const entries = body.add as unknown[];
      const errors: Record<string, unknown>[] = [];
      const invalid: Record<string, unknown>[] = [];
      for (const entry of entries) {
        const value = isObject(entry) && typeof entry.value === 'string' ? entry.value : undefined;
        const problem = value === undefined ? 'A rule value is required.' : ruleSyntaxProblem(value);
        if (problem) {
          invalid.push({
            value: value ?? '',
            details: [problem],
            title: 'UnprocessableEntity',
            type: 'https://api.twitter.com/2/problems/invalid-rules',
          });
        }
      }
      if (invalid.length > 0) {
        return this.sendJson(
          res,
          400,
          {
            meta: {
              sent,
              summary: {
                created: 0,
                not_created: entries.length,
                valid: entries.length - invalid.length,
                invalid: invalid.length,
              },
            },
            errors: invalid,
          },
          headers,
        );
      }
      const created: FakeRule[] = [];
      const known = new Map(this.rules.map((r) => [r.value, r]));
      for (const entry of entries as { value: string; tag?: unknown }[]) {
        const existing = known.get(entry.value);
        if (existing) {
          errors.push({
            value: entry.value,
            id: existing.id,
            title: 'DuplicateRule',
            type: 'https://api.twitter.com/2/problems/duplicate-rules',
          });
          continue;
        }
        const rule: FakeRule = {
          id: this.newId(),
          value: entry.value,
          ...(typeof entry.tag === 'string' ? { tag: entry.tag } : {}),
        };
        created.push(rule);
        known.set(rule.value, rule);
      }
      if (!dryRun) this.rules.push(...created);
      const out: Record<string, unknown> = {};
      if (created.length > 0) out.data = created.map(renderRule);
      out.meta = {
        sent,
        summary: {
          created: created.length,
          not_created: entries.length - created.length,
          valid: created.length,
          invalid: errors.length,
        },
      };
      if (errors.length > 0) out.errors = errors;
      return this.sendJson(res, created.length > 0 && !dryRun ? 201 : 200, out, headers);
    }

    if (isObject(body) && isObject(body.delete)) {
      const ids = Array.isArray(body.delete.ids) ? (body.delete.ids as unknown[]).map(String) : [];
      const values = Array.isArray(body.delete.values) ? (body.delete.values as unknown[]).map(String) : [];
      let deleted = 0;
      const errors: Record<string, unknown>[] = [];
      const remaining = [...this.rules];
      const remove = (pred: (r: FakeRule) => boolean, what: string) => {
        const i = remaining.findIndex(pred);
        if (i >= 0) {
          remaining.splice(i, 1);
          deleted += 1;
        } else {
          errors.push({
            errors: [{ parameters: {}, message: `Rule does not exist (${what})` }],
            ...INVALID_REQUEST,
          });
        }
      };
      for (const id of ids) remove((r) => r.id === id, id);
      for (const value of values) remove((r) => r.value === value, value);
      if (!dryRun) this.rules = remaining;
      const out: Record<string, unknown> = {
        meta: { sent, summary: { deleted, not_deleted: ids.length + values.length - deleted } },
      };
      if (errors.length > 0) out.errors = errors;
      return this.sendJson(res, 200, out, headers);
    }

    this.sendJson(
      res,
      400,
      {
        errors: [
          { parameters: {}, message: 'Request body must contain either an "add" or a "delete" operation.' },
        ],
        ...INVALID_REQUEST,
      },
      headers,
    );
  }

  private openStream(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const headers = this.rateHeaders('stream');
    const problems: Record<string, unknown>[] = [];
    for (const [name, value] of url.searchParams) {
      if (!STREAM_PARAMS.has(name)) {
        problems.push({
          parameters: { [name]: [value] },
          message: `The query parameter [${name}] is not one of [${[...STREAM_PARAMS].join(',')}]`,
        });
        continue;
      }
      const allowed = CHECKED_LISTS[name];
      if (!allowed) continue;
      for (const item of value.split(',')) {
        if (!allowed.includes(item)) {
          problems.push({
            parameters: { [name]: [item] },
            message: `The \`${name}\` query parameter value [${item}] is not one of [${allowed.join(',')}]`,
          });
        }
      }
    }
    if (problems.length > 0)
      return this.sendJson(res, 400, { errors: problems, ...INVALID_REQUEST }, headers);

    if (this.streams.size >= this.opts.maxStreamConnections) {
      return this.sendJson(
        res,
        429,
        {
          title: 'ConnectionException',
          detail: 'This stream is currently at the maximum allowed connection limit.',
          connection_issue: 'TooManyConnections',
          type: 'https://api.twitter.com/2/problems/streaming-connection',
        },
        headers,
      );
    }

    const list = (name: string) => new Set((url.searchParams.get(name) ?? '').split(',').filter(Boolean));
    const conn: StreamConnection = {
      id: this.nextConnId++,
      res,
      socket: req.socket,
      fields: {
        expansions: list('expansions'),
        tweetFields: list('tweet.fields'),
        userFields: list('user.fields'),
      },
      stalled: false,
    };
    res.writeHead(200, {
      ...headers,
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-cache, no-store, max-age=0',
      connection: 'keep-alive',
    });
    res.flushHeaders();
    this.streams.set(conn.id, conn);
    this.connects += 1;
    const onGone = () => this.forget(conn);
    res.on('close', onGone);
    req.socket.on('close', onGone);
    conn.keepAlive = setInterval(() => {
      if (!conn.stalled) res.write('\r\n');
    }, this.opts.keepAliveIntervalMs);
    conn.keepAlive.unref();
    // Deliver what was queued while nobody was listening.
    const backlog = this.queue;
    this.queue = [];
    for (const { tweet, matched } of backlog) this.writeLine(conn, this.render(tweet, matched, conn.fields));
  }

  private forget(conn: StreamConnection): void {
    if (conn.keepAlive) clearInterval(conn.keepAlive);
    conn.keepAlive = undefined;
    this.streams.delete(conn.id);
  }

  private writeLine(conn: StreamConnection, line: string): void {
    this.sentLines.push(line);
    conn.res.write(`${line}\r\n`);
  }

  private sendFailure(res: ServerResponse, target: 'stream' | 'rules', failure: FakeFailure): void {
    const headers = this.rateHeaders(target);
    if (failure.status === 429) {
      headers['x-rate-limit-remaining'] = String(failure.remaining ?? 0);
      if (failure.resetAtSeconds !== undefined)
        headers['x-rate-limit-reset'] = String(failure.resetAtSeconds);
    }
    this.sendJson(res, failure.status, failure.body ?? defaultProblem(failure.status), headers);
  }

  private sendJson(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      ...headers,
      'content-type': status >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  private window(target: 'stream' | 'rules'): RateWindow {
    const w = this.windows[target];
    if (Date.now() - w.start >= WINDOW_MS) {
      w.start = Date.now();
      w.used = 0;
    }
    return w;
  }

  private rateHeaders(target: 'stream' | 'rules'): Record<string, string> {
    const w = this.window(target);
    const limit = target === 'stream' ? this.opts.streamConnectLimit : this.opts.rulesRequestLimit;
    return {
      'x-rate-limit-limit': String(limit),
      'x-rate-limit-remaining': String(Math.max(0, limit - w.used)),
      'x-rate-limit-reset': String(Math.ceil((w.start + WINDOW_MS) / 1000)),
    };
  }

  // ---- tweets ----

  /** Whether a rule matches a tweet (see the module comment), each rule compiled once. */
  private matches(rule: FakeRule, tweet: NormalizedTweet): boolean {
    let match = this.compiled.get(rule.value);
    if (match === undefined) {
      try {
        match = compileRule(rule.value);
      } catch {
        const needle = rule.value.toLowerCase();
        match = (t) => needle.length > 0 && t.text.toLowerCase().includes(needle);
      }
      this.compiled.set(rule.value, match);
    }
    const asTweet: Tweet = {
      id: tweet.id,
      time: Date.parse(tweet.created_at),
      text: tweet.note_tweet?.text ?? tweet.text,
      retweet: tweet.referenced.some((r) => r.type === 'retweeted'),
      author: tweet.author.username,
      lang: tweet.lang ?? null,
    };
    return match(asTweet);
  }

  private newId(): string {
    // Snowflake-like: milliseconds since the Twitter epoch, shifted by 22 bits, plus a sequence.
    let ms = BigInt(Date.now()) - TWITTER_EPOCH;
    if (ms <= this.lastIdMs) ms = this.lastIdMs;
    else this.idSeq = 0n;
    this.lastIdMs = ms;
    this.idSeq += 1n;
    return ((ms << 22n) | (this.idSeq & 0x3fffffn)).toString();
  }

  private normalize(input: FakeTweetInput): NormalizedTweet {
    return {
      id: input.id ?? this.newId(),
      text: input.text,
      created_at: input.created_at ?? new Date().toISOString(),
      ...(input.lang === undefined ? {} : { lang: input.lang }),
      author: input.author ?? DEFAULT_AUTHOR,
      ...(input.note_tweet === undefined ? {} : { note_tweet: input.note_tweet }),
      entities: input.entities ?? simpleEntities(input.note_tweet?.text ?? input.text),
      referenced: (input.referenced_tweets ?? []).map((r) => ({
        type: r.type,
        tweet: this.normalize(r.tweet),
      })),
    };
  }

  private render(tweet: NormalizedTweet, matched: FakeRule[], fields: RequestedFields): string {
    const includes: { users?: Record<string, unknown>[]; tweets?: Record<string, unknown>[] } = {};
    const users = new Map<string, FakeUser>();
    if (fields.expansions.has('author_id')) users.set(tweet.author.id, tweet.author);
    if (fields.expansions.has('referenced_tweets.id')) {
      includes.tweets = tweet.referenced.map((r) => renderTweet(r.tweet, fields.tweetFields));
    }
    if (fields.expansions.has('referenced_tweets.id.author_id')) {
      for (const r of tweet.referenced) users.set(r.tweet.author.id, r.tweet.author);
    }
    if (users.size > 0) includes.users = [...users.values()].map((u) => renderUser(u, fields.userFields));
    if (includes.tweets?.length === 0) delete includes.tweets;
    const line: Record<string, unknown> = { data: renderTweet(tweet, fields.tweetFields) };
    if (Object.keys(includes).length > 0) line.includes = includes;
    line.matching_rules = matched.map((r) => (r.tag === undefined ? { id: r.id } : { id: r.id, tag: r.tag }));
    return JSON.stringify(line);
  }
}

function renderRule(rule: FakeRule): Record<string, string> {
  return rule.tag === undefined
    ? { id: rule.id, value: rule.value }
    : { id: rule.id, value: rule.value, tag: rule.tag };
}

function renderTweet(tweet: NormalizedTweet, fields: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id] };
  if (fields.has('author_id')) out.author_id = tweet.author.id;
  if (fields.has('created_at')) out.created_at = tweet.created_at;
  if (fields.has('lang') && tweet.lang !== undefined) out.lang = tweet.lang;
  if (fields.has('entities') && Object.keys(tweet.entities).length > 0) out.entities = tweet.entities;
  if (fields.has('note_tweet') && tweet.note_tweet) out.note_tweet = tweet.note_tweet;
  if (fields.has('conversation_id')) out.conversation_id = tweet.id;
  if (fields.has('referenced_tweets') && tweet.referenced.length > 0) {
    out.referenced_tweets = tweet.referenced.map((r) => ({ type: r.type, id: r.tweet.id }));
  }
  return out;
}

function renderUser(user: FakeUser, _fields: Set<string>): Record<string, unknown> {
  // id, name and username are X's default user fields; the fake knows no others.
  return { id: user.id, name: user.name ?? user.username, username: user.username };
}

function simpleEntities(text: string): Record<string, unknown> {
  const hashtags: { start: number; end: number; tag: string }[] = [];
  const chars = [...text]; // X's entity indices count code points
  const joined = chars.join('');
  for (const m of joined.matchAll(/(^|[^\p{L}\p{N}_&])#([\p{L}\p{M}\p{N}_]+)/gu)) {
    const startUnits = (m.index ?? 0) + (m[1]?.length ?? 0);
    const start = [...joined.slice(0, startUnits)].length;
    const tag = m[2] ?? '';
    hashtags.push({ start, end: start + 1 + [...tag].length, tag });
  }
  return hashtags.length > 0 ? { hashtags } : {};
}

/**
 * A coarse stand-in for X's rule validation: empty values, values over 512 characters, unbalanced
 * parentheses or quotes, an operator without its argument (`from:`), a dangling `OR`, and rules made
 * only of negations are refused, with messages in X's style.
 */
export function ruleSyntaxProblem(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed.length === 0) return 'Rules must not be empty.';
  if ([...value].length > 512)
    return `Rule length exceeds the limit of 512 characters (${[...value].length}).`;
  let depth = 0;
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth += 1;
    else if (!quoted && ch === ')') {
      depth -= 1;
      if (depth < 0) return 'There are unbalanced parentheses in the rule.';
    }
  }
  if (quoted) return 'There is an unclosed quoted phrase in the rule.';
  if (depth !== 0) return 'There are unbalanced parentheses in the rule.';
  const tokens = trimmed.match(/"[^"]*"|\S+/g) ?? [];
  for (const [i, token] of tokens.entries()) {
    if (/^-?[a-z_]+:$/i.test(token)) return `Operator '${token}' requires a value (at position ${i + 1}).`;
  }
  if (tokens[0] === 'OR' || tokens[tokens.length - 1] === 'OR') {
    return 'Ambiguous use of OR: it needs a term on each side.';
  }
  if (tokens.every((t) => t.startsWith('-') || t === 'OR')) {
    return 'Rules must contain a non-negation term (at position 1)';
  }
  return undefined;
}

function defaultProblem(status: FakeFailureStatus): Record<string, unknown> {
  const titles: Record<FakeFailureStatus, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  if (status === 403) {
    return {
      client_id: '1234567',
      detail:
        'When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project. You can create a project via the developer portal.',
      registration_url: 'https://developer.twitter.com/en/docs/projects/overview',
      title: 'Client Forbidden',
      required_enrollment: 'Appropriate Level of API Access',
      reason: 'client-not-enrolled',
      type: 'https://api.twitter.com/2/problems/client-forbidden',
    };
  }
  const title = titles[status];
  if (status === 429) return { title, detail: title, type: 'about:blank', status };
  return { title, type: 'about:blank', status, detail: title };
}

function unknownParams(url: URL, allowed: string[]): Record<string, unknown> | undefined {
  const problems: Record<string, unknown>[] = [];
  for (const [name, value] of url.searchParams) {
    if (!allowed.includes(name)) {
      problems.push({
        parameters: { [name]: [value] },
        message: `The query parameter [${name}] is not one of [${allowed.join(',')}]`,
      });
    }
  }
  return problems.length > 0 ? { errors: problems, ...INVALID_REQUEST } : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > 1024 * 1024) break;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
