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

/** Per-key counts of one micro-batch `[index·B, (index+1)·B)`. */
export class BatchCounts {
  readonly keys = new Map<string, KeyTally>();
  readonly stats: BatchStats = emptyStats();

  constructor(
    readonly index: number,
    private readonly maxKeys: number,
  ) {}

  /**
   * Counts one tweet's hashtags: each distinct key at most once per tweet
   * (DESIGN.md §4). The first surface form of a key in the tweet is the one tallied.
   * Returns how many distinct keys the tweet contributed.
   */
  addTweet(surfaces: readonly string[], seq: number): number {
    this.stats.tweets++;
    if (surfaces.length === 0) return 0;
    let distinct = 0;
    for (let i = 0; i < surfaces.length; i++) {
      const surface = surfaces[i]!;
      const key = tagKey(surface);
      tweetKeys[i] = key;
      if (i > 0 && seenEarlier(i, key)) continue;
      distinct++;
      this.addKey(key, surface, 1, seq);
    }
    this.stats.tweetsWithTags++;
    return distinct;
  }

  /** Adds `count` sightings of `surface` under `key`; used by counting and by checkpoint restore. */
  addKey(key: string, surface: string, count: number, seq: number): void {
    const tally = this.keys.get(key);
    if (tally === undefined) {
      if (this.keys.size >= this.maxKeys) {
        this.stats.overflow += count;
        return;
      }
      this.keys.set(key, { count, form: surface, formSeq: seq });
      return;
    }
    tally.count += count;
    if (surface === tally.form) return;
    tally.others ??= new Map();
    const other = tally.others.get(surface);
    if (other === undefined) tally.others.set(surface, { count, seq });
    else other.count += count;
  }
}

/** The keys of the tweet being counted, reused from tweet to tweet so each key is computed once and nothing is allocated. */
const tweetKeys: string[] = [];

/** Whether `key` is among the tweet's first `end` keys (tweets hold few tags, so a scan beats a Set). */
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
