import type { StreamMark, Tweet } from '@tagstream/tweets';
import { fillSerial, MergedTags, type FilledTweet, type FillPlan } from './batch-fill.ts';
import type { CounterSession } from './counter-session.ts';
import { partField, positionOf, type BatchPart, type FactRecord, type TweetFact } from './run-parts.ts';
import type { WindowedCounter } from './windowed-counter.ts';

/** One entry of the lines stream: the facts of a merged run's line, or a line's digest (line-digest.ts). */
export type MergeEntry = { id: string; facts: FactRecord } | { id: string; digest: string };

/** What the feeder must be given (`supply`) before it can feed an entry or fill its batches. */
export interface MergeNeed {
  /** Part fields (run-parts.ts `partField`). */
  parts: string[];
  /** Entries whose digests it needs. */
  digests: string[];
}

type DigestStep =
  | ['t', string | null, number | null, 0 | 1, readonly string[], string, string | null, string | null]
  | ['w', number, StreamMark | null]
  | ['m'];
type DigestTweet = Extract<DigestStep, { 0: 't' }>;

/**
 * Samples (the drill-downs' newest tweets of a tag) are not counts: of the batches filled from
 * parts, the newest counted tweets with hashtags are kept by position, and read from their
 * digests only when the samples are asked for (`samplesWanted`, at most every second).
 */
const SAMPLES_KEPT = 2_000;

/** A counted tweet with hashtags, waiting for its batch to be filled. */
interface Counted {
  entry: string;
  step: number;
  seq: number;
  /** Counted from its digest (no part holds it): its hashtags. */
  own?: FilledTweet;
}

interface PendingBatch {
  /** Segments whose part for the batch holds counted tweets. */
  segments: Set<string>;
  tweets: Counted[];
}

/**
 * The emitter's side of counting merged in Redis (ARCHITECTURE.md, "Scale-out on Redis"): walks
 * the lines stream in order and feeds each tweet to the session WITHOUT its hashtags, so that
 * every decision the order makes (late, duplicate by id, the batch of a tweet without event time,
 * a new stream at a begin mark, the number that breaks display-form ties) is the counter's own;
 * then, just before a watermark closes a batch (or a checkpoint saves it), adds the batch's
 * hashtags at once: the workers' parts summed, less the tweets of those parts it did not count
 * (read from their digests), through `WindowedCounter.openBatch`. Where the sum cannot be
 * exactly what counting in order gives (a tweet that was a form's first sighting was not
 * counted; a cap of the batch is near), the batch's counted tweets are counted one by one from
 * their digests instead, in order. Tweets no part holds (lines digested one by one, tweets
 * without event time, parts cut with another batch interval) are counted from their digests,
 * and before the first watermark, while tweets themselves close batches, every line is fed whole.
 *
 * Pure and synchronous: `missing` says what to fetch, `supply` hands it over, then `feed`.
 */
export class MergeFeeder {
  private counter: WindowedCounter;
  private sourceMode: boolean;
  private pending = new Map<number, PendingBatch>();
  /** Batch → part field → tweets of that part not counted. */
  private rejected = new Map<number, Map<string, { entry: string; step: number }[]>>();
  private parts = new Map<string, string | null>();
  private digests = new Map<string, string | null>();
  private merged = new Map<number, { tags: MergedTags; plan: FillPlan } | null>();
  private openSegment: string | null = null;
  /** Part fields of the segments walked to their end (to delete once checkpointed past). */
  walkedParts: string[] = [];
  /** Tweets of batches filled from parts whose digests would give samples (`supplySamples`). */
  private wanted: { entry: string; step: number }[] = [];
  /** Batches filled from parts, and one by one. */
  readonly fills = { merged: 0, serial: 0 };
  private readonly counted: ((t: Tweet) => void) | null;

  /**
   * `watermarkFromSource`: whether the session's counter already follows the source's
   * watermarks (a restored checkpoint's `sourceWatermark`); `counted`: each tweet counted with
   * hashtags whose text it has (samples).
   */
  constructor(
    private readonly session: CounterSession,
    o: { watermarkFromSource: boolean; counted?: (t: Tweet) => void },
  ) {
    this.counter = session.counter;
    this.sourceMode = o.watermarkFromSource;
    this.counted = o.counted ?? null;
  }

  /** Whether every segment it has started is walked to its end: batches can be filled, a checkpoint made. */
  get atBoundary(): boolean {
    return this.openSegment === null;
  }

  /** What feeding `entry` (null: filling every batch, before a checkpoint) needs that it has not been given. */
  missing(entry: MergeEntry | null): MergeNeed | null {
    this.sync();
    const need: MergeNeed = { parts: [], digests: [] };
    if (entry !== null && 'facts' in entry && this.needsDigest(entry) && !this.digests.has(entry.id))
      need.digests.push(entry.id);
    for (const k of this.fillsBefore(entry)) this.needFor(k, need);
    return need.parts.length + need.digests.length === 0 ? null : need;
  }

  supply(parts: ReadonlyMap<string, string | null>, digests: ReadonlyMap<string, string | null>): void {
    for (const [f, v] of parts) this.parts.set(f, v);
    for (const [id, v] of digests) this.digests.set(id, v);
  }

  /** The entries whose digests `supplySamples` wants: the newest counted tweets of batches filled from parts. */
  get samplesWanted(): string[] {
    if (this.wanted.length > SAMPLES_KEPT) this.wanted = this.wanted.slice(-SAMPLES_KEPT);
    return [...new Set(this.wanted.map((w) => w.entry))];
  }

  /** Hands the tweets `samplesWanted` named to `counted` (their hashtags are already counted). */
  supplySamples(digests: ReadonlyMap<string, string | null>): void {
    for (const w of this.wanted) {
      const d = digests.get(w.entry);
      const s = d ? (JSON.parse(d) as DigestStep[])[w.step] : undefined;
      if (s !== undefined && s[0] === 't') this.counted?.(tweetOf(s));
    }
    this.wanted = [];
  }

  /** Fills every batch with counted tweets waiting (`missing(null)` first): the session's state is then whole. */
  fillAll(): void {
    this.sync();
    for (const k of [...this.pending.keys()].sort((a, b) => a - b)) this.fill(k);
    this.rejected.clear();
    this.forget();
  }

  /** Feeds one entry (after `missing(entry)` returned null). */
  feed(entry: MergeEntry): void {
    this.sync();
    const before = this.fillsBefore(entry);
    for (const k of before) this.fill(k);
    const steps: (DigestStep | FactRecord['f'][number])[] =
      'facts' in entry
        ? this.needsDigest(entry)
          ? (JSON.parse(this.digests.get(entry.id)!) as DigestStep[])
          : entry.facts.f
        : (JSON.parse(entry.digest) as DigestStep[]);
    const facts = 'facts' in entry ? entry.facts : null;
    for (const [j, s] of steps.entries()) {
      if (s[0] === 'w') {
        const idx = this.closingIndex(s[1], s[2]);
        if (idx !== null) for (const k of this.rejected.keys()) if (k < idx) this.rejected.delete(k);
        if (s[2] === 'begin') this.rejected.clear();
        if (s[2] === null) this.session.watermark(s[1]);
        else this.session.watermark(s[1], s[2] as StreamMark);
        this.sync();
        if (Number.isFinite(s[1])) this.sourceMode = true;
      } else if (s[0] === 'm') this.session.malformed();
      else this.tweet(entry.id, j, s, facts);
    }
    if (facts !== null) {
      this.openSegment = facts.e === undefined ? facts.s : null;
      if (facts.e !== undefined) for (const k of facts.e) this.walkedParts.push(partField(facts.s, k));
    }
    this.forget();
  }

  private tweet(entry: string, step: number, s: DigestTweet | TweetFact, facts: FactRecord | null): void {
    const time = s[2];
    const tagged = s.length === 5 ? s[4] === 1 : s[4].length > 0;
    const counter = this.counter;
    const b = counter.options.batchMs;
    if (tagged && !this.sourceMode) {
      // Tweets close batches themselves until the first watermark: counted whole, in order.
      this.session.add(tweetOf(s as DigestTweet));
      return;
    }
    const arrival = counter.watermark;
    const seq = counter.lifetime.tweets;
    this.session.add({
      id: s[1],
      time,
      retweet: s[3] === 1,
      hashtags: [],
      text: '',
      author: null,
      lang: null,
    });
    if (!tagged) return;
    const counted = counter.lifetime.tweets > seq;
    const viaPart = facts !== null && facts.b === b && time !== null;
    if (viaPart) {
      const k = Math.floor(time / b);
      if (counted) {
        const p = this.pendingOf(k);
        p.segments.add(facts.s);
        p.tweets.push({ entry, step, seq });
      } else {
        let byField = this.rejected.get(k);
        if (byField === undefined) this.rejected.set(k, (byField = new Map()));
        const field = partField(facts.s, k);
        const list = byField.get(field);
        if (list === undefined) byField.set(field, [{ entry, step }]);
        else list.push({ entry, step });
      }
      return;
    }
    if (!counted) return;
    const t = tweetOf(s as DigestTweet);
    const k = Math.floor((time ?? arrival!) / b);
    this.pendingOf(k).tweets.push({
      entry,
      step,
      seq,
      own: { seq, tags: t.hashtags!, author: t.author, lang: t.lang },
    });
    this.counted?.(t);
  }

  /** Whether feeding the facts needs the line's digest: a tweet with hashtags that no part holds. */
  private needsDigest(entry: { facts: FactRecord }): boolean {
    const { f, b } = entry.facts;
    return f.some(
      (s) =>
        s[0] === 't' &&
        s[4] === 1 &&
        (!this.sourceMode || b !== this.counter.options.batchMs || s[2] === null),
    );
  }

  /** The batch index a watermark step closes up to (null: none), predicted from the counter's watermark. */
  private closingIndex(time: number, mark: string | null): number | null {
    if (mark === 'begin' || mark === 'end') return Infinity;
    if (!Number.isFinite(time)) return null;
    const wm = this.counter.watermark;
    const next = this.sourceMode && wm !== null ? Math.max(wm, time) : time;
    return Math.floor(next / this.counter.options.batchMs);
  }

  /** The batches to fill before `entry`: those its watermark closes (every one at a begin or end mark). */
  private fillsBefore(entry: MergeEntry | null): number[] {
    if (this.pending.size === 0) return [];
    let idx: number | null = Infinity;
    if (entry !== null) {
      // Only a watermark line closes batches here (its digest is its one step).
      if ('digest' in entry && !entry.digest.startsWith('[["w"')) return [];
      const steps = 'facts' in entry ? entry.facts.f : (JSON.parse(entry.digest) as DigestStep[]);
      const w = steps.find((s) => s[0] === 'w');
      idx = w === undefined ? null : this.closingIndex(w[1], w[2] as string | null);
    }
    if (idx === null) return [];
    return [...this.pending.keys()].filter((k) => k < idx).sort((a, b) => a - b);
  }

  private needFor(k: number, need: MergeNeed): void {
    const p = this.pending.get(k)!;
    const fields = [...p.segments].map((s) => partField(s, k));
    const parts = fields.filter((f) => !this.parts.has(f));
    if (parts.length > 0) {
      need.parts.push(...parts);
      return;
    }
    const rejected = fields.flatMap((f) => this.rejected.get(k)?.get(f) ?? []).map((r) => r.entry);
    const digests = rejected.filter((id) => !this.digests.has(id));
    if (digests.length > 0) {
      need.digests.push(...new Set(digests));
      return;
    }
    if (this.mergedOf(k, p) !== null) return;
    const own = p.tweets.filter((t) => t.own === undefined && !this.digests.has(t.entry)).map((t) => t.entry);
    need.digests.push(...new Set(own));
  }

  /** The batch's merged hashtags and how to add them, or null when they cannot be exact (then counted one by one). */
  private mergedOf(k: number, p: PendingBatch): { tags: MergedTags; plan: FillPlan } | null {
    if (this.merged.has(k)) return this.merged.get(k)!;
    const out = this.merge(k, p);
    this.merged.set(k, out);
    return out;
  }

  private merge(k: number, p: PendingBatch): { tags: MergedTags; plan: FillPlan } | null {
    const m = new MergedTags();
    for (const s of p.segments) {
      const part = this.parts.get(partField(s, k));
      if (part === null || part === undefined) return null;
      m.addPart(JSON.parse(part) as BatchPart);
      for (const r of this.rejected.get(k)?.get(partField(s, k)) ?? []) {
        const t = this.stepOf(r.entry, r.step);
        if (t === null) return null;
        m.addTweet(t, -1);
      }
    }
    for (const t of p.tweets) if (t.own !== undefined) m.addTweet(t.own, 1, t.seq);
    const [batch] = this.counter.openBatch(k)!;
    const seqs = new Map(p.tweets.map((t) => [positionOf(t.entry, t.step), t.seq]));
    const plan = m.plan(batch, this.counter.options, (pos) => seqs.get(pos));
    return plan === null ? null : { tags: m, plan };
  }

  private fill(k: number): void {
    const p = this.pending.get(k)!;
    const m = this.mergedOf(k, p);
    this.pending.delete(k);
    const open = this.counter.openBatch(k);
    if (open === null) throw new Error(`batch ${k} closed before its hashtags were added`);
    const [batch, tags] = open;
    const overflow = batch.stats.overflow;
    if (m !== null) {
      m.tags.apply(batch, tags, m.plan);
      this.fills.merged++;
      if (this.counted !== null) {
        for (const t of p.tweets.slice(-SAMPLES_KEPT)) if (t.own === undefined) this.wanted.push(t);
        if (this.wanted.length > 2 * SAMPLES_KEPT) this.wanted = this.wanted.slice(-SAMPLES_KEPT);
      }
    } else {
      fillSerial(
        batch,
        tags,
        p.tweets.map((t) => t.own ?? this.counterPart(t)),
      );
      this.fills.serial++;
      for (const t of p.tweets) if (t.own === undefined) this.emitCounted(t);
    }
    this.counter.lifetime.overflow += batch.stats.overflow - overflow;
    for (const s of p.segments) this.rejected.get(k)?.delete(partField(s, k));
  }

  private counterPart(t: Counted): FilledTweet {
    const s = this.stepOf(t.entry, t.step);
    if (s === null) throw new Error(`no digest for entry ${t.entry}`);
    return { seq: t.seq, tags: s.tags, author: s.author, lang: s.lang };
  }

  private emitCounted(t: Counted): void {
    if (this.counted === null) return;
    const d = this.digests.get(t.entry);
    if (d) this.counted(tweetOf((JSON.parse(d) as DigestStep[])[t.step] as DigestTweet));
  }

  private stepOf(entry: string, step: number): Omit<FilledTweet, 'seq'> | null {
    const d = this.digests.get(entry);
    if (d === null || d === undefined) return null;
    const s = (JSON.parse(d) as DigestStep[])[step];
    if (s === undefined || s[0] !== 't') return null;
    return { tags: s[4], author: s[6], lang: s[7] };
  }

  private pendingOf(k: number): PendingBatch {
    let p = this.pending.get(k);
    if (p === undefined) this.pending.set(k, (p = { segments: new Set(), tweets: [] }));
    return p;
  }

  /** A counter replaced by the session (a new batch interval): what waited for the old one goes with it. */
  private sync(): void {
    if (this.session.counter === this.counter) return;
    this.counter = this.session.counter;
    this.sourceMode = false;
    this.pending.clear();
    this.rejected.clear();
    this.merged.clear();
  }

  private forget(): void {
    this.parts.clear();
    this.digests.clear();
    this.merged.clear();
  }
}

function tweetOf(t: DigestTweet): Tweet {
  return {
    id: t[1],
    time: t[2],
    retweet: t[3] === 1,
    hashtags: [...t[4]],
    text: t[5],
    author: t[6],
    lang: t[7],
  };
}
