/**
 * The live source: X API v2 filtered stream through twitter-api-v2, track keywords as stream rules,
 * reconnecting on X's schedule.
 *
 * Reconnects are driven here, not by the library: every connection is a fresh `TweetStream` connected
 * with `autoReconnect: false` and `keepAliveTimeout: 'disable'`. The library's own retry loop would
 * follow its schedule (5 s, 15 s, 30 s… for everything) through the global `setTimeout`, cannot tell a
 * drop from a refused connection, gives up after a number of retries, and would retry a 401 like any
 * other error; supplying `nextRetryTimeout` fixes only the delays. Driving it ourselves lets us follow
 * X's guidance per failure kind (backoff.ts), honour `x-rate-limit-reset`, report each state with its
 * `retryAt`, re-sync rules before reconnecting when they changed, and use injected timers, so tests
 * move a clock instead of sleeping. Stall detection is ours for the same reason (injected timers); it is
 * fed by the library's `Data`/`DataKeepAlive`/`DataError` events.
 */
import type { Tracker } from '@tagstream/protocol';
import type { Logger } from 'pino';
import { ETwitterStreamEvent, type TweetStream, type TweetV2SingleStreamResult } from 'twitter-api-v2';
import { systemClock, type TimerHandle, type Timers } from '@tagstream/time';
import { afterFailure, ReconnectBackoff, X_BACKOFF, type BackoffSchedule } from './backoff.ts';
import { LiveStatusReport, type LiveState, type LiveStatus } from './live-status.ts';
import { OwnRules, type WantedSet } from './own-rules.ts';
import { RuleSyncError } from './rules-sync.ts';
import { createXClient, describeXFailure, redact, streamErrorText, type XFailure } from './x-client.ts';

export interface LiveSourceOptions {
  bearerToken: string;
  /** X API v2 base URL (X_API_BASE_URL); default `https://api.x.com/2/`. */
  baseUrl?: string;
  keywords: string[];
  /** Trackers to follow besides the keywords, each an X stream rule tagged with its name. */
  trackers?: Tracker[];
  /**
   * Called with each tweet line (a v2 stream line with data/includes/matching_rules), as JSON text,
   * and the trackers X matched it for (undefined while no tracker is followed).
   */
  onLine: (rawJsonLine: string, trackers: string[] | undefined) => void;
  onStatus?: (status: LiveStatus) => void;
  logger: Logger;
  /** Wall time and the reconnect, stall and connect timers; tests move a manual clock instead of sleeping. */
  timers?: Timers;
  /** Extra CA to trust (PEM), for a test server; a real process can use NODE_EXTRA_CA_CERTS. */
  ca?: string | Buffer;
  /**
   * Silence (no tweet, no keep-alive) after which the connection counts as stalled and is replaced.
   * X sends a keep-alive every 20 s; the default allows 10 s of slack on top of that.
   */
  keepAliveTimeoutMs?: number;
  /** The reconnection schedule; X's by default. */
  backoff?: BackoffSchedule;
}

export interface LiveSource {
  /** Makes the stream rules equal to these keywords; the connection stays up. Rejects with X's message. */
  setKeywords(keywords: string[]): Promise<void>;
  /** Makes the trackers' stream rules equal to these; as `setKeywords`. */
  setTrackers(trackers: Tracker[]): Promise<void>;
  status(): LiveStatus;
  close(): Promise<void>;
}

/** What the stream asks for: enough to normalize tweets, retweets and long posts. */
export const STREAM_QUERY = {
  expansions: ['author_id', 'referenced_tweets.id', 'referenced_tweets.id.author_id'],
  'tweet.fields': ['created_at', 'lang', 'entities', 'referenced_tweets', 'note_tweet', 'author_id'],
  'user.fields': ['username'],
} as const;

export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 30_000;

type Stream = TweetStream<TweetV2SingleStreamResult>;

/**
 * Starts the live source: syncs the rules, then connects. Resolves once the first attempt has
 * connected or failed; a failure (bad token, network) never rejects: the status says what happened
 * and when the next attempt is. Only a bad configuration (a non-https base URL) throws.
 */
export async function startLiveSource(opts: LiveSourceOptions): Promise<LiveSource> {
  const source = new LiveSourceImpl(opts);
  await source.start();
  return source;
}

class LiveSourceImpl implements LiveSource {
  private readonly timers: Timers;
  private readonly log: Logger;
  private readonly secrets: string[];
  private readonly x: ReturnType<typeof createXClient>;
  private readonly backoff: ReconnectBackoff;
  private readonly stallMs: number;

  private readonly rules: OwnRules;
  private readonly report: LiveStatusReport;
  private stream?: Stream;
  /** The stream whose connection is in progress. */
  private pending?: Stream;
  private pendingDropped = false;
  private healthy = false;
  /** The last error line X sent on the stream (e.g. operational-disconnect), for the drop message. */
  private lastStreamError?: string;
  private retryTimer?: TimerHandle;
  private stallTimer?: TimerHandle;
  private connectWatchdog?: TimerHandle;
  private lastFailureWasRules = false;
  private closed = false;

  constructor(private readonly opts: LiveSourceOptions) {
    this.timers = opts.timers ?? systemClock;
    this.log = opts.logger.child({ component: 'x-live' });
    this.secrets = [opts.bearerToken];
    this.x = createXClient({
      bearerToken: opts.bearerToken,
      ...(opts.baseUrl === undefined ? {} : { baseUrl: opts.baseUrl }),
      ...(opts.ca === undefined ? {} : { ca: opts.ca }),
    });
    this.backoff = new ReconnectBackoff(opts.backoff ?? X_BACKOFF);
    this.stallMs = opts.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS;
    this.report = new LiveStatusReport({
      log: this.log,
      clock: this.timers,
      clean: (text) => this.clean(text),
      onStatus: opts.onStatus,
    });
    this.rules = new OwnRules({
      client: this.x.client,
      log: this.log,
      keywords: opts.keywords,
      trackers: opts.trackers ?? [],
      onRules: (rules) => this.report.set({ rules }),
    });
  }

  async start(): Promise<void> {
    this.log.info(
      { state: this.report.state, baseUrl: this.x.baseUrl, keywords: this.rules.wanted },
      'live stream connecting',
    );
    this.report.announce();
    await this.attempt(false);
  }

  status(): LiveStatus {
    return this.report.snapshot();
  }

  setKeywords(keywords: string[]): Promise<void> {
    return this.change({ keywords });
  }

  setTrackers(trackers: Tracker[]): Promise<void> {
    return this.change({ trackers });
  }

  private async change(wanted: Partial<WantedSet>): Promise<void> {
    if (this.closed) throw new Error('live source is closed');
    const previous = this.rules.want(wanted);
    try {
      await this.rules.sync();
    } catch (err) {
      if (err instanceof RuleSyncError) {
        // X refused a rule. Go back to the keywords and trackers that were in place (the dry run kept
        // X's rules unchanged, but re-sync in case X refused only at the final add).
        this.rules.want(previous);
        this.rules
          .sync()
          .catch((e: unknown) =>
            this.log.warn(
              { reason: this.failureOf(e).message },
              'could not restore the previous stream rules',
            ),
          );
        throw new RuleSyncError(this.clean(err.message), err.problems, err.status);
      }
      // Transport trouble: the new rules stay wanted and are synced before the next connection.
      throw new Error(`could not update the stream rules: ${this.failureOf(err).message}`);
    }
    // Waiting out an error caused by the old rules? Try again now with the new ones.
    if (this.lastFailureWasRules && this.retryTimer !== undefined && !this.stream && !this.pending) {
      this.timers.clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      void this.attempt(true);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearTimer('retryTimer');
    this.clearTimer('stallTimer');
    this.clearTimer('connectWatchdog');
    this.stream?.destroy();
    this.pending?.destroy();
    this.stream = undefined;
    this.pending = undefined;
    // Let a rules request in flight settle, without waiting long for a silent server: on the
    // system clock, not the injected one, so that a test's manual clock never holds up a close.
    const giveUp = new AbortController();
    await Promise.race([this.rules.settled(), systemClock.sleep(1_000, giveUp.signal)]);
    giveUp.abort();
    this.x.destroy();
    this.report.set({ state: 'closed', retryAt: undefined, connectedSince: undefined, message: undefined });
  }

  // ---- connection lifecycle ----

  private async attempt(isRetry: boolean): Promise<void> {
    if (this.closed) return;
    this.retryTimer = undefined;
    if (isRetry) {
      this.report.countReconnect();
      this.report.set({ state: 'reconnecting', retryAt: undefined });
    }
    let stream: Stream | undefined;
    try {
      if (!this.rules.inSync) {
        this.lastFailureWasRules = false;
        try {
          await this.rules.sync();
        } catch (err) {
          if (err instanceof RuleSyncError) this.lastFailureWasRules = true;
          throw err;
        }
      }
      if (this.closed) return;
      stream = this.x.client.v2.searchStream({
        expansions: [...STREAM_QUERY.expansions],
        'tweet.fields': [...STREAM_QUERY['tweet.fields']],
        'user.fields': [...STREAM_QUERY['user.fields']],
        autoConnect: false,
      });
      this.pending = stream;
      this.pendingDropped = false;
      // Lines may arrive (X's first tweets, a backlog) before `connect()` resolves.
      this.healthy = false;
      this.lastStreamError = undefined;
      this.wire(stream);
      const connecting = stream;
      // The library has no timeout for the connect phase: give up on a server that never answers.
      this.connectWatchdog = this.timers.setTimeout(() => {
        if (this.pending !== connecting) return;
        this.pending = undefined;
        // Its late success, if any, is closed by the `pending !== stream` check below.
        connecting.removeAllListeners();
        this.log.warn({ timeoutMs: this.stallMs }, 'stream connection attempt got no answer');
        this.failed({
          kind: 'network',
          message: `no answer to the stream request within ${this.stallMs} ms`,
        });
      }, this.stallMs);
      await stream.connect({ autoReconnect: false, keepAliveTimeout: 'disable' });
      this.clearTimer('connectWatchdog');
      if (this.pending !== stream) {
        // Closed or abandoned meanwhile.
        stream.destroy();
        return;
      }
      this.pending = undefined;
      this.stream = stream;
      this.report.set({
        state: 'connected',
        connectedSince: this.timers.now(),
        retryAt: undefined,
        message: undefined,
      });
      this.armStall();
      if (this.pendingDropped) this.dropped('connection closed right after connecting');
    } catch (err) {
      this.clearTimer('connectWatchdog');
      if (stream) {
        stream.removeAllListeners();
        if (this.pending === stream) this.pending = undefined;
        else return; // abandoned by the watchdog, which already scheduled the retry
      }
      if (this.closed) return;
      this.failed(this.failureOf(err));
    }
  }

  private wire(s: Stream): void {
    s.on(ETwitterStreamEvent.Data, (payload) => this.onData(s, payload));
    s.on(ETwitterStreamEvent.DataKeepAlive, () => {
      if (this.isLive(s)) this.onActivity();
    });
    s.on(ETwitterStreamEvent.DataError, (payload: unknown) => {
      if (!this.isLive(s)) return;
      this.onActivity();
      this.lastStreamError = this.clean(streamErrorText(payload));
      this.log.warn({ reason: this.lastStreamError }, 'X sent an error on the stream');
    });
    s.on(ETwitterStreamEvent.TweetParseError, (err: Error) => {
      if (this.isLive(s)) this.log.warn({ reason: this.clean(err.message) }, 'unparsable line on the stream');
    });
    s.on(ETwitterStreamEvent.ConnectionClosed, () => {
      if (s === this.pending) this.pendingDropped = true;
      else if (s === this.stream)
        this.dropped(this.lastStreamError ?? 'connection closed by X or the network');
    });
  }

  private isLive(s: Stream): boolean {
    return s === this.stream || s === this.pending;
  }

  private onData(s: Stream, payload: TweetV2SingleStreamResult): void {
    if (!this.isLive(s)) return;
    this.onActivity();
    if (!this.rules.isOurs(payload)) {
      this.log.debug('skipped a tweet matched only by rules that are not ours');
      return;
    }
    let line: string;
    try {
      // The library hands out the parsed line only; JSON.stringify gives back X's compact text.
      line = JSON.stringify(payload);
    } catch {
      return;
    }
    this.report.countTweet();
    try {
      this.opts.onLine(line, this.rules.trackersOf(payload));
    } catch (err) {
      this.log.error({ reason: this.clean(String(err)) }, 'onLine failed');
    }
  }

  private onActivity(): void {
    if (!this.healthy) {
      this.healthy = true;
      this.backoff.reset();
    }
    this.armStall();
  }

  private armStall(): void {
    this.clearTimer('stallTimer');
    this.stallTimer = this.timers.setTimeout(() => {
      this.stallTimer = undefined;
      if (!this.stream) return;
      this.log.warn({ silenceMs: this.stallMs }, 'stream stalled: no data or keep-alive');
      this.dropped(`stalled: nothing received for ${this.stallMs} ms`);
    }, this.stallMs);
  }

  /** The established connection is gone (closed, reset, stalled, or X's disconnect). */
  private dropped(reason: string): void {
    const s = this.stream;
    this.stream = undefined;
    this.clearTimer('stallTimer');
    if (s) {
      s.removeAllListeners();
      s.destroy();
    }
    if (this.closed) return;
    const delay = this.backoff.onDrop();
    this.schedule(delay, 'reconnecting', reason);
  }

  private failed(failure: XFailure): void {
    const next = afterFailure(failure, this.backoff, this.timers.now());
    this.schedule(next.delay, next.state, next.message);
  }

  private schedule(delay: number, state: LiveState, message: string): void {
    this.clearTimer('retryTimer');
    this.report.set({
      state,
      retryAt: this.timers.now() + delay,
      message: this.clean(message),
      connectedSince: undefined,
    });
    this.retryTimer = this.timers.setTimeout(() => void this.attempt(true), delay);
  }

  // ---- helpers ----

  private failureOf(err: unknown): XFailure {
    if (err instanceof RuleSyncError) {
      return { kind: 'http', status: err.status ?? 400, message: this.clean(err.message) };
    }
    return describeXFailure(err, this.secrets);
  }

  private clean(text: string): string {
    return redact(text, this.secrets);
  }

  private clearTimer(name: 'retryTimer' | 'stallTimer' | 'connectWatchdog'): void {
    const handle = this[name];
    if (handle !== undefined) this.timers.clearTimeout(handle);
    this[name] = undefined;
  }
}
