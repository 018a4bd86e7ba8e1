import type { ReplayProgress, ReplaySpeed } from '@tagstream/protocol';
import type { Timers } from '@tagstream/time';
import type { StreamMark, Tweet } from '@tagstream/tweets';
import { ReplayClock } from './replay-clock.ts';

/** Where a replay sends its tweets and watermarks (the fan-out, or a test). */
export interface ReplaySink {
  tweet(tweet: Tweet): void;
  /** `stream` marks the replay's first watermark (`begin`) and, when it runs to its end, its last (`end`). */
  watermark(time: number, stream?: StreamMark): void;
  /** Resolves when readers can take more: a max-speed replay goes as fast as they read. */
  writable(): Promise<void>;
}

export type { ReplaySpeed };

export interface ReplayOptions {
  speed: ReplaySpeed;
  loop: boolean;
  /** Longest wall-time wait between two tweets; longer gaps are skipped over (tweet times unchanged). */
  maxGapMs: number;
  /** Watermark lines are sent at least this often (DESIGN.md §3: at least 5 a second). */
  watermarkEveryMs: number;
  /** Wall time and the waits between tweets (`now`, `sleep`): pacing tests run on a manual clock. */
  timers: Timers;
  sink: ReplaySink;
  /** Track keywords: tweets failing it are not sent. */
  filter?: (tweet: Tweet) => boolean;
  /**
   * More tweets may come (`append`) until `finish`: a replay of a watched folder. At the end of
   * the tweets it has, the replay waits for more (its watermark stays at the last tweet sent)
   * instead of ending. Not with `loop`.
   */
  open?: boolean;
}

/** Where the replay is, as the control API reports it (the contract is in @tagstream/protocol). */
export type ReplayStatus = ReplayProgress;

/**
 * Tweets handled back to back (no pacing wait between them: max speed, tweets without a time, or a
 * replay catching up) before the replay checks that readers keep up and lets other work run.
 */
const BURST = 256;

/**
 * Replays tweets already sorted by event time (DESIGN.md §4), paced by their own
 * timestamps times `speed`, with watermark lines so the core closes windows in
 * tweet time at any speed. Loops shift each pass forward in time (and give its
 * tweets fresh ids) so every pass counts like new tweets instead of late ones.
 *
 * Watermarks: one at the start, then at least every `watermarkEveryMs` of wall
 * time while the replay waits (between tweets, across a shortened gap, while
 * paused) and between bursts; each is the replay clock's position, but never
 * later than the next tweet still to be sent, and never going backwards.
 * The first is marked `begin`: the tweets that follow are a stream of their own,
 * however far back in time, so the consumer counts them afresh instead of late.
 * A replay that runs to its end (never a loop) marks its last `end`, so the
 * consumer closes every batch and shows the trailing windows. An open replay
 * (`open`) is one stream however many files are appended to it: one `begin`
 * before its first tweet, one `end` once it is finished.
 */
export class ReplaySource {
  private readonly clock: ReplayClock;
  private started = false;
  private index = 0;
  private loops = 0;
  private sent = 0;
  private filtered = 0;
  private steps = 0;
  private done = false;
  private endTime: number | null = null;
  private speed: ReplaySpeed;
  private wake = new AbortController();
  private closed = false;
  private lastWatermark = -Infinity;
  private lastWatermarkWall = -Infinity;
  private readonly span: number;
  private readonly first: number;
  private readonly tweets: Tweet[];
  /** No tweet will be appended any more (always, unless open). */
  private finished: boolean;

  constructor(
    tweets: readonly Tweet[],
    private readonly options: ReplayOptions,
  ) {
    if (options.open && options.loop) throw new Error('an open replay cannot loop');
    // An open replay grows its own copy; a closed one reads the caller's array as it is.
    this.tweets = options.open ? [...tweets] : (tweets as Tweet[]);
    this.finished = options.open !== true;
    this.speed = options.speed;
    let first: number | null = null;
    let last: number | null = null;
    for (const t of tweets) {
      if (t.time === null) continue;
      first ??= t.time;
      last = t.time;
    }
    this.first = first ?? options.timers.now();
    this.span = first !== null && last !== null ? last - first : 0;
    // Created now so that pause, speed and seek work before `run` starts (a max-speed replay waits for a reader).
    this.clock = new ReplayClock(this.first, clockSpeed(this.speed), options.timers.now());
  }

  status(): ReplayStatus {
    let tweetTime: number | null = null;
    if (this.done) tweetTime = this.endTime;
    else if (this.started) tweetTime = Math.round(this.clock.position(this.options.timers.now()));
    return {
      position: this.index,
      total: this.tweets.length,
      speed: this.speed,
      paused: this.clock.paused,
      loop: this.options.loop,
      loops: this.loops,
      tweetTime,
      sent: this.sent,
      filtered: this.filtered,
      done: this.done,
    };
  }

  pause(): void {
    this.clock.pause(this.options.timers.now());
    this.poke();
  }

  resume(): void {
    this.clock.resume(this.options.timers.now());
    this.poke();
  }

  setSpeed(speed: ReplaySpeed): void {
    this.speed = speed;
    this.clock.setSpeed(clockSpeed(speed), this.options.timers.now());
    this.poke();
  }

  /**
   * Jumps to the tweet at `position` (0-based) in the current pass; the tweets in between are not
   * sent. Seeking backwards would re-send tweets the core drops as late or duplicate, so a position
   * behind the current one is ignored.
   */
  seek(position: number): void {
    if (this.done || this.closed) return;
    const target = Math.max(this.index, Math.min(position, this.tweets.length));
    if (target === this.index) return;
    this.index = target;
    const t = this.tweets[target]?.time;
    const now = this.options.timers.now();
    if (t != null && t + this.offset() > this.clock.position(now)) this.clock.jumpTo(t + this.offset(), now);
    this.poke();
  }

  close(): void {
    this.closed = true;
    this.poke();
  }

  /** An open replay: tweets (in event-time order) to send after the ones it has. */
  append(tweets: readonly Tweet[]): void {
    if (this.finished) throw new Error('the replay is finished: nothing can be appended');
    for (const t of tweets) this.tweets.push(t);
    this.poke();
  }

  /**
   * An open replay: nothing more will be appended, so it ends (with its `end` mark) after the
   * tweets it has, or, with `dropUnsent`, at once after the last one sent.
   */
  finish(options: { dropUnsent?: boolean } = {}): void {
    this.finished = true;
    if (options.dropUnsent && this.options.open)
      this.tweets.length = Math.min(this.tweets.length, this.index);
    this.poke();
  }

  /** Runs the replay to the end (or forever with loop) until closed. Call once. */
  async run(): Promise<void> {
    if (this.started) throw new Error('a replay runs only once');
    const { timers } = this.options;
    this.started = true;
    // An open replay begins with its first tweet: a watermark before it would be of the wrong time.
    if (this.options.open && !(await this.waitForTweets(false))) {
      this.done = !this.closed;
      return;
    }
    // Start at the first tweet still to send (a seek may have happened before the start).
    const startAt = this.tweets[this.index]?.time ?? this.firstTime();
    this.clock.jumpTo(startAt, timers.now());
    this.sendWatermark(startAt, timers.now(), 'begin');
    while (!this.closed) {
      if (this.index >= this.tweets.length) {
        if (!this.finished) {
          if (!(await this.waitForTweets(true))) break;
          // Resumed where the stream stopped: the gap to the next tweet is paced as any other.
          const now = timers.now();
          if (this.clock.position(now) > this.lastSentTime()) this.clock.jumpTo(this.lastSentTime(), now);
          continue;
        }
        if (!this.options.loop || this.tweets.length === 0) break;
        this.loops++;
        this.index = 0;
      }
      const tweet = this.tweets[this.index]!;
      const time = tweet.time === null ? null : tweet.time + this.offset();
      if (!(await this.waitUntil(time))) continue;
      if (this.closed) break;
      this.index++;
      if (this.options.filter && !this.options.filter(tweet)) {
        this.filtered++;
      } else {
        this.options.sink.tweet(this.loops === 0 ? tweet : this.shifted(tweet));
        this.sent++;
      }
      if (++this.steps % BURST === 0) await this.breathe();
    }
    if (!this.closed) {
      const last = this.tweets.findLast((t) => t.time !== null)?.time;
      const now = timers.now();
      if (last != null) {
        const end = last + this.offset();
        if (end > this.clock.position(now)) this.clock.jumpTo(end, now);
        this.sendWatermark(end, now, 'end');
      } else {
        // Untimed tweets only: nothing to promise beyond what was sent, but the stream still ends.
        this.sendWatermark(this.lastWatermark, now, 'end');
      }
      this.endTime = Math.round(this.clock.position(now));
      this.done = true;
    }
  }

  /**
   * An open replay out of tweets: waits until more are appended (true), or it is finished or
   * closed with none (false). With `watermarks`, keeps sending them meanwhile (never past the
   * last tweet sent: the next file may continue the stream where it stopped).
   */
  private async waitForTweets(watermarks: boolean): Promise<boolean> {
    const { timers, watermarkEveryMs } = this.options;
    while (this.index >= this.tweets.length) {
      if (this.closed || this.finished) return false;
      const now = timers.now();
      if (watermarks) this.watermarkIfDue(now, null);
      const signal = this.wake.signal;
      const wait = watermarks ? Math.max(1, this.lastWatermarkWall + watermarkEveryMs - now) : 60_000;
      await timers.sleep(wait, signal);
      if (signal.aborted) this.wake = new AbortController();
    }
    return !this.closed;
  }

  /**
   * Waits until the tweet due at `time` (null: no time, due at once) may be sent, sending
   * watermarks meanwhile; while paused, waits whatever the time. Returns false when woken early
   * by a control change or close (the caller re-evaluates).
   */
  private async waitUntil(time: number | null): Promise<boolean> {
    const { timers, watermarkEveryMs, maxGapMs } = this.options;
    const clock = this.clock;
    for (;;) {
      if (this.closed) return false;
      const now = timers.now();
      let wait: number;
      if (clock.paused) wait = Infinity;
      else if (time === null) wait = 0;
      else if (this.speed === 'max') {
        if (time > clock.position(now)) clock.jumpTo(time, now);
        wait = 0;
      } else {
        wait = clock.wallUntil(time, now);
        if (wait > maxGapMs) {
          // Long quiet stretches are skipped in wall time only; tweet times stay as recorded.
          clock.jumpTo(time - maxGapMs * this.speed, now);
          wait = maxGapMs;
        }
      }
      if (wait === 0) return true;
      this.watermarkIfDue(now, time);
      const signal = this.wake.signal;
      await timers.sleep(Math.min(wait, this.lastWatermarkWall + watermarkEveryMs - now), signal);
      if (signal.aborted) {
        this.wake = new AbortController();
        return false;
      }
    }
  }

  /** Between bursts: let the readers catch up, keep watermarks coming, let timers and I/O run. */
  private async breathe(): Promise<void> {
    await this.options.sink.writable();
    if (this.closed) return;
    const next = this.tweets[this.index];
    const time = next?.time == null ? null : next.time + this.offset();
    this.watermarkIfDue(this.options.timers.now(), time);
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Sends a watermark if none went out for `watermarkEveryMs`: the clock, capped by the next tweet's time. */
  private watermarkIfDue(now: number, nextTime: number | null): void {
    if (now - this.lastWatermarkWall < this.options.watermarkEveryMs) return;
    let time = this.clock.position(now);
    // A tweet without a time goes out at once, so only a timed next tweet caps the watermark.
    if (nextTime !== null && nextTime < time) time = nextTime;
    if (this.index >= this.tweets.length || this.tweets[this.index]?.time === null) {
      // Past the end of a pass, or before an untimed tweet: no promise beyond what was sent.
      time = Math.min(time, Math.max(this.lastWatermark, this.lastSentTime()));
    }
    this.sendWatermark(time, now);
  }

  /** The time of the last tweet of this pass handled so far (or the start). */
  private lastSentTime(): number {
    for (let i = Math.min(this.index, this.tweets.length) - 1; i >= 0; i--) {
      const t = this.tweets[i]!.time;
      if (t !== null) return t + this.offset();
    }
    return this.firstTime() + this.offset();
  }

  /** The first tweet time (an open replay learns it from its first file), or the start's wall time. */
  private firstTime(): number {
    return this.tweets.find((t) => t.time !== null)?.time ?? this.first;
  }

  private sendWatermark(time: number, now: number, stream?: StreamMark): void {
    if (time > this.lastWatermark) this.lastWatermark = time;
    this.lastWatermarkWall = now;
    if (Number.isFinite(this.lastWatermark))
      this.options.sink.watermark(Math.round(this.lastWatermark), stream);
  }

  /** How far the current pass is shifted forward: one recording span plus one second per loop. */
  private offset(): number {
    return this.loops * (this.span + 1000);
  }

  private shifted(tweet: Tweet): Tweet {
    return {
      ...tweet,
      time: tweet.time === null ? null : tweet.time + this.offset(),
      // A fresh id per pass: still digits, still unique, never equal to the original.
      id: tweet.id === null ? null : `${this.loops}${tweet.id.padStart(20, '0')}`,
    };
  }

  private poke(): void {
    this.wake.abort();
  }
}

/** The clock's speed: a max-speed replay moves it only by jumping to each tweet it sends. */
function clockSpeed(speed: ReplaySpeed): number {
  return speed === 'max' ? 0 : speed;
}
