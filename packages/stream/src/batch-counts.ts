import type { BatchPairs } from './batch-pairs.ts';
import type { BatchProfiles, TweetOrigin } from './batch-profiles.ts';
import { tagKey } from './tag-key.ts';

/** How often one surface form (`Ether` vs `ETHER`) of a key was seen, and when first. */
export interface FormTally {
  count: number;
  /** Global order of first sighting: the tie-break for the display form. */
  seq: number;
}

/** One key's count in one batch, with its surface forms. */
export interface KeyTally {
  count: number;
  /** The first surface form seen; most keys only ever have this one. */
  form: string;
  formSeq: number;
  /** Other surface forms, created only when a second form appears (keeps the common case allocation-free). */
  others?: Map<string, FormTally>;
}

/** Counts for the window statistics of DESIGN.md §5. */
export interface BatchStats {
  tweets: number;
  tweetsWithTags: number;
  late: number;
  duplicates: number;
  malformed: number;
  overflow: number;
  /** Input lines the source no longer had when we asked for them (DESIGN.md §8): a gap, counted. */
  lost: number;
}

export function emptyStats(): BatchStats {
  return { tweets: 0, tweetsWithTags: 0, late: 0, duplicates: 0, malformed: 0, overflow: 0, lost: 0 };
}

/**
 * What a batch keeps besides its counts while a window may still read it: the key pairs of its
 * tweets (related tags) and who wrote them in which languages (the drill-down). Null when not kept
 * (turned off, or let go once no window can need them).
 */
export interface BatchDetail {
  pairs: { readonly overflow: number } | null;
  profiles: object | null;
}

/** A key's tally in a batch still counting, with the key's id in that batch: its place in the map. */
export interface CountedTally extends KeyTally {
  readonly id: number;
}

/** Per-key counts of one micro-batch `[index·B, (index+1)·B)`. */
export class BatchCounts implements BatchDetail {
  /** Keys in the order first counted (never deleted), so a key's `id` is its place here. */
  readonly keys = new Map<string, CountedTally>();
  readonly stats: BatchStats = emptyStats();
  pairs: BatchPairs | null;
  profiles: BatchProfiles | null;

  constructor(
    readonly index: number,
    private readonly maxKeys: number,
    detail: { pairs?: BatchPairs | null; profiles?: BatchProfiles | null } = {},
  ) {
    this.pairs = detail.pairs ?? null;
    this.profiles = detail.profiles ?? null;
  }

  /**
   * Counts one tweet's hashtags: each distinct key at most once per tweet
   * (DESIGN.md §4). The first surface form of a key in the tweet is the one tallied.
   * The keys counted (a new key past the cap is not) also go to the batch's pairs and
   * profiles when it keeps them, with the tweet's `origin`. Returns how many distinct keys
   * the tweet contributed.
   */
  addTweet(surfaces: readonly string[], seq: number, origin?: TweetOrigin): number {
    this.stats.tweets++;
    if (surfaces.length === 0) return 0;
    let distinct = 0;
    let counted = 0;
    if (tweetCounted.length < surfaces.length) tweetCounted = new Int32Array(surfaces.length * 2);
    for (let i = 0; i < surfaces.length; i++) {
      const surface = surfaces[i]!;
      const key = tagKey(surface);
      if (distinct > 0 && seenEarlier(distinct, key)) continue;
      tweetKeys[distinct++] = key;
      const id = this.addKey(key, surface, 1, seq);
      if (id >= 0) tweetCounted[counted++] = id;
    }
    this.stats.tweetsWithTags++;
    if (this.pairs !== null && counted > 1) this.pairs.addTweet(tweetCounted, counted);
    if (this.profiles !== null && origin !== undefined) this.profiles.addTweet(tweetCounted, counted, origin);
    return distinct;
  }

  /**
   * Adds `count` sightings of `surface` under `key`; used by counting and by checkpoint restore.
   * Returns the key's id in the batch, or -1 when the key was new and the batch at its cap
   * (counted as overflow instead).
   */
  addKey(key: string, surface: string, count: number, seq: number): number {
    const tally = this.keys.get(key);
    if (tally === undefined) {
      if (this.keys.size >= this.maxKeys) {
        this.stats.overflow += count;
        return -1;
      }
      const id = this.keys.size;
      this.keys.set(key, { count, form: surface, formSeq: seq, id });
      return id;
    }
    tally.count += count;
    if (surface === tally.form) return tally.id;
    tally.others ??= new Map();
    const other = tally.others.get(surface);
    if (other === undefined) tally.others.set(surface, { count, seq });
    else other.count += count;
    return tally.id;
  }

  /** Takes over a key's saved tally (a checkpoint's), as the next key of the batch. */
  restoreKey(key: string, tally: KeyTally): void {
    this.keys.set(key, { ...tally, id: this.keys.size });
  }
}

/**
 * The distinct keys of the tweet being counted, and the ids of those the batch counted, reused
 * from tweet to tweet so each key is computed once and nothing is allocated.
 */
const tweetKeys: string[] = [];
let tweetCounted = new Int32Array(64);

/** Whether `key` is among the tweet's first `end` distinct keys (tweets hold few tags, so a scan beats a Set). */
function seenEarlier(end: number, key: string): boolean {
  for (let j = 0; j < end; j++) if (tweetKeys[j] === key) return true;
  return false;
}

/** Count of the primary form: the key's count minus the other forms' counts. */
export function primaryFormCount(tally: KeyTally): number {
  if (tally.others === undefined) return tally.count;
  let rest = 0;
  for (const o of tally.others.values()) rest += o.count;
  return tally.count - rest;
}
