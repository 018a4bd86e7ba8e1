import type { BatchResult, Settings, Tracker, VoiceEntry } from '@tagstream/protocol';
import {
  CheckpointError,
  type CheckpointSnapshot,
  type CounterCheckpoint,
  type LineTarget,
  tweetOfLine,
} from '@tagstream/stream';
import {
  compileRules,
  extractHashtags,
  type ScannedTweet,
  type StreamMark,
  type Tweet,
} from '@tagstream/tweets';
import type { Logger } from 'pino';
import type { SavedTracker, ServerState } from '../server-state.ts';
import type { TrackedCount } from './tracked-count.ts';

/** Makes the count of a tracker (null: the default one). */
export type TrackedCountFactory = (tracker: Tracker | null) => TrackedCount;

/**
 * The trackers counted side by side (DESIGN.md §6): the default one, fed every line, and the named
 * ones, each a counting session of its own fed from the same lines. A tweet goes to a named
 * tracker when the source routed it there (live: the `trackers` X matched it for, carried on the
 * line), or, when the source did not route it (a replay, a plain line source), when it matches
 * the tracker's rule: the same compiled matcher `tagstream count --track RULE` filters with.
 * Watermarks, malformed lines and the wall tick reach every tracker, so all close the same
 * windows at the same time.
 */
export class TrackerSet implements LineTarget {
  readonly everything: TrackedCount;
  private named: TrackedCount[] = [];
  private byName = new Map<string, TrackedCount>();
  /** For each named tracker in order, whether a tweet matches its rule (one tokenization for all). */
  private match: (tweet: Tweet) => boolean[] = () => [];

  constructor(
    private readonly make: TrackedCountFactory,
    private readonly logger: Logger,
    trackers: readonly Tracker[] = [],
  ) {
    this.everything = make(null);
    this.set(trackers);
  }

  /**
   * The byte-level path (a line's tweet counted from its bytes) while the default tracker is the
   * only one and its counter takes it: the named ones match their rules on decoded tweets.
   */
  get takesScanned(): boolean {
    return this.named.length === 0 && this.everything.session.takesScanned;
  }

  /** The named trackers, in order. */
  trackers(): Tracker[] {
    return this.named.map((t) => ({ name: t.name, rule: t.rule ?? '' }));
  }

  /** The count of a tracker by name; the default one for its name or none given; null for an unknown name. */
  get(name: string | undefined): TrackedCount | null {
    if (name === undefined || name === this.everything.name) return this.everything;
    return this.byName.get(name) ?? null;
  }

  /** Every count, the default one first. */
  all(): TrackedCount[] {
    return [this.everything, ...this.named];
  }

  /**
   * Replaces the named trackers (checked by the caller: names distinct, rules that parse). A
   * tracker kept under the same name with the same rule keeps counting; a new one, or one whose
   * rule changed, starts empty with the next line.
   */
  set(trackers: readonly Tracker[]): void {
    const match = compileRules(trackers.map((t) => t.rule));
    const next = trackers.map((t) => {
      const kept = this.byName.get(t.name);
      return kept !== undefined && kept.rule === t.rule ? kept : this.make(t);
    });
    this.named = next;
    this.byName = new Map(next.map((t) => [t.name, t]));
    this.match = match;
  }

  add(tweet: Tweet): void {
    const named = this.named;
    if (named.length === 0) {
      this.everything.session.add(tweet);
      return;
    }
    // Extracted once for every count and rule that reads them, not once by each: what each counter
    // would extract itself (it reads `hashtags` before the text), so the counts are the same.
    tweet.hashtags ??= extractHashtags(tweet.text);
    this.everything.session.add(tweet);
    const routed = tweet.trackers;
    if (routed !== undefined) {
      for (let i = 0; i < routed.length; i++) {
        const name = routed[i]!;
        // A name listed twice is one routing, not two counts.
        if (routed.indexOf(name) === i) this.byName.get(name)?.session.add(tweet);
      }
      return;
    }
    const hits = this.match(tweet);
    for (let i = 0; i < named.length; i++) if (hits[i]) named[i]!.session.add(tweet);
  }

  watermark(time: number, mark?: StreamMark): void {
    for (const t of this.all()) t.session.watermark(time, mark);
  }

  addScanned(t: ScannedTweet, buf: Uint8Array, lineStart: number, lineEnd: number): void {
    // Only asked while `takesScanned`; a tracker added since decodes the line like the exact path.
    if (this.named.length === 0) this.everything.session.addScanned(t, buf, lineStart, lineEnd);
    else this.add(tweetOfLine(buf, lineStart, lineEnd));
  }

  malformed(): void {
    for (const t of this.all()) t.session.malformed();
  }

  tick(): void {
    for (const t of this.all()) t.session.tick();
  }

  /**
   * Applies settings to every tracker: the default one first, which throws CounterOptionsError
   * (changing nothing) for settings that cannot be honoured; the others then take them as well.
   */
  applySettings(patch: Partial<Settings>): { settings: Settings; reset: boolean } {
    const change = this.everything.applySettings(patch);
    for (const t of this.named) t.applySettings(patch);
    return change;
  }

  /** Each named tracker's tweets in its recent windows (at most `perTracker` each), for the compare view. */
  voice(perTracker: number): VoiceEntry[] {
    return this.named.flatMap((t) => t.history.recent(perTracker).map(voiceEntry));
  }

  /**
   * The state of every tracker, as one checkpoint: the default tracker's, holding the others'
   * (`extra`: the owner's own part, such as the log position, which all of them share).
   */
  checkpoint(extra: Partial<ServerState> = {}): CounterCheckpoint {
    const trackers: SavedTracker[] = this.named.map((t) => ({
      name: t.name,
      rule: t.rule ?? '',
      checkpoint: t.checkpoint(),
    }));
    return this.everything.checkpoint({ ...extra, ...(trackers.length > 0 ? { trackers } : {}) });
  }

  /**
   * The same as `checkpoint`, taken at once whatever the state's size: every tracker's counter
   * as views of its live state (see CountingSession.snapshot), read as the file is written. No
   * line, tick or change may reach any tracker until they have been read.
   */
  snapshot(extra: Partial<Omit<ServerState, 'trackers'>> = {}): CheckpointSnapshot {
    const trackers = this.named.map((t) => ({ name: t.name, rule: t.rule ?? '', checkpoint: t.snapshot() }));
    return this.everything.snapshot({ ...extra, ...(trackers.length > 0 ? { trackers } : {}) });
  }

  /**
   * Resumes the named trackers saved in the default tracker's part of a checkpoint: each one kept
   * under the same name with the same rule; the others start empty, as does one that cannot be read.
   */
  restoreNamed(state: ServerState | null): void {
    for (const saved of state?.trackers ?? []) {
      const t = this.byName.get(saved.name);
      if (t === undefined || t.rule !== saved.rule) {
        this.logger.info({ tracker: saved.name }, 'a tracker in the checkpoint is no longer followed');
        continue;
      }
      try {
        const outcome = t.restore(saved.checkpoint);
        if (!outcome.resumed)
          this.logger.warn({ tracker: t.name }, 'tracker checkpoint not resumed: starting it fresh');
      } catch (err) {
        if (!(err instanceof CheckpointError)) throw err;
        this.logger.warn(
          { tracker: t.name, reason: err.message },
          'tracker checkpoint unreadable: starting it fresh',
        );
      }
    }
  }
}

/** A result as a share-of-voice entry: whose, which window, how many tweets. */
export function voiceEntry(result: BatchResult): VoiceEntry {
  return { tracker: result.tracker ?? '', window: result.window, tweets: result.stats.tweets };
}
