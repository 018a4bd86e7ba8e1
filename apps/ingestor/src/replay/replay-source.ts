import type { Tweet } from '@tagstream/tweets';
import { ReplayClock } from './replay-clock.ts';

/** Where a replay sends its tweets and watermarks (the fan-out, or a test). */
export interface ReplaySink {
  tweet(tweet: Tweet): void;
  watermark(time: number): void;
  /** Resolves when readers can take more: a max-speed replay goes as fast as they read. */
  writable(): Promise<void>;
}

/** Wall time for the replay, injectable so pacing tests run on a virtual clock. */
export interface ReplayTimers {
  now(): number;
  /** Resolves after `ms` wall milliseconds, or early (without error) when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export type ReplaySpeed = number | 'max';

export interface ReplayOptions {
  speed: ReplaySpeed;
  loop: boolean;
  /** Longest wall-time wait between two tweets; longer gaps are skipped over (tweet times unchanged). */
  maxGapMs: number;
  /** Watermark lines are sent at least this often (DESIGN.md §3: at least 5 a second). */
  watermarkEveryMs: number;
  timers: ReplayTimers;
  sink: ReplaySink;
  /** Track keywords: tweets failing it are not sent. */
  filter?: (tweet: Tweet) => boolean;
}

export interface ReplayStatus {
  position: number;
  total: number;
  speed: ReplaySpeed;
  paused: boolean;
  loop: boolean;
  loops: number;
  /** The replay clock in tweet time (epoch ms), null before start. */
  tweetTime: number | null;
  sent: number;
  filtered: number;
  done: boolean;
}

/**
 * Replays tweets already sorted by event time (DESIGN.md §4), paced by their own
 * timestamps times `speed`, with watermark lines so the core closes windows in
 * tweet time at any speed. Loops shift each pass forward in time (and give its
 * tweets fresh ids) so every pass counts like new tweets instead of late ones.
 */
export class ReplaySource {
  private clock: ReplayClock | null = null;
  private index = 0;
  private loops = 0;
  private sent = 0;
  private filtered = 0;
  private done = false;
  private speed: ReplaySpeed;
  private wake = new AbortController();
  private closed = false;
  private lastWatermark = -Infinity;
  private readonly span: number;
  private readonly first: number;

  constructor(
    private readonly tweets: readonly Tweet[],
    private readonly options: ReplayOptions,
  ) {
    this.speed = options.speed;
    const times = tweets.map((t) => t.time).filter((t): t is number => t !== null);
    this.first = times.length > 0 ? times[0]! : options.timers.now();
    this.span = times.length > 0 ? times[times.length - 1]! - this.first : 0;
  }

  status(): ReplayStatus {
    return {
      position: this.index,
      total: this.tweets.length,
      speed: this.speed,
      paused: this.clock?.paused ?? false,
      loop: this.options.loop,
      loops: this.loops,
      tweetTime: this.clock ? Math.round(this.clock.position(this.options.timers.now())) : null,
      sent: this.sent,
      filtered: this.filtered,
      done: this.done,
    };
  }

  pause(): void {
    this.clock?.pause(this.options.timers.now());
    this.poke();
  }

  resume(): void {
    this.clock?.resume(this.options.timers.now());
    this.poke();
  }

  setSpeed(speed: ReplaySpeed): void {
    this.speed = speed;
    if (speed !== 'max') this.clock?.setSpeed(speed, this.options.timers.now());
    this.poke();
  }

  /** Jumps to the tweet at `position` (0-based) in the current pass. Seeking backwards re-sends tweets the core will drop as late or duplicate, so only forward seeks are allowed. */
  seek(position: number): void {
    const target = Math.max(this.index, Math.min(position, this.tweets.length));
    this.index = target;
    const t = this.tweets[target]?.time;
    if (this.clock && t != null) this.clock.jumpTo(t + this.offset(), this.options.timers.now());
    this.poke();
  }

  close(): void {
    this.closed = true;
    this.poke();
  }

  /** Runs the replay to the end (or forever with loop) until closed. */
  async run(): Promise<void> {
    const { timers } = this.options;
    this.clock = new ReplayClock(this.first, this.speed === 'max' ? 1 : this.speed, timers.now());
    let lastYield = timers.now();
    while (!this.closed) {
      if (this.index >= this.tweets.length) {
        if (!this.options.loop || this.tweets.length === 0) break;
        this.loops++;
        this.index = 0;
      }
      const tweet = this.tweets[this.index]!;
      const time = tweet.time === null ? null : tweet.time + this.offset();
      if (time !== null && !(await this.waitUntil(time))) continue;
      if (this.closed) break;
      this.index++;
      if (this.options.filter && !this.options.filter(tweet)) {
        this.filtered++;
      } else {
        this.options.sink.tweet(this.loops === 0 ? tweet : this.shifted(tweet));
        this.sent++;
      }
      if (this.speed === 'max' && this.sent % 512 === 0) {
        await this.options.sink.writable();
        // Let timers (watermarks, the control API) run between bursts.
        if (timers.now() - lastYield >= this.options.watermarkEveryMs) {
          this.sendWatermark(time ?? this.lastWatermark);
          lastYield = timers.now();
          await new Promise((r) => setImmediate(r));
        }
      }
    }
    if (!this.closed) {
      this.done = true;
      const last = this.tweets.at(-1)?.time;
      if (last != null) this.sendWatermark(last + this.offset());
    }
  }

  /**
   * Waits until the replay clock reaches `time`, sending watermarks meanwhile.
   * Returns false when woken early by a control change (the caller re-evaluates).
   */
  private async waitUntil(time: number): Promise<boolean> {
    const { timers, watermarkEveryMs, maxGapMs } = this.options;
    const clock = this.clock!;
    if (this.speed === 'max' && !clock.paused) {
      clock.jumpTo(time, timers.now());
      return true;
    }
    for (;;) {
      if (this.closed) return false;
      const now = timers.now();
      let wait = clock.wallUntil(time, now);
      if (wait === 0) return true;
      if (wait !== Infinity && wait > maxGapMs) {
        // Long quiet stretches are skipped in wall time only; tweet times stay as recorded.
        clock.jumpTo(time - maxGapMs * (this.speed === 'max' ? 1 : this.speed), now);
        wait = maxGapMs;
      }
      this.sendWatermark(Math.min(clock.position(now), time));
      const signal = this.wake.signal;
      await timers.sleep(Math.min(wait, watermarkEveryMs), signal);
      if (signal.aborted) {
        this.wake = new AbortController();
        return false;
      }
    }
  }

  private sendWatermark(time: number): void {
    if (time > this.lastWatermark) this.lastWatermark = time;
    this.options.sink.watermark(this.lastWatermark);
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
