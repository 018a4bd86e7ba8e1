import type { TopEntry } from '@tagstream/protocol';

/** One row of the chart in one frame: everything the reader sees of it, consistent by construction. */
export interface RaceFrameRow {
  tag: string;
  display: string;
  rank: number;
  prevRank: number | null;
  /** The count shown, an integer; the bar's length is `count / scale` of the track. */
  count: number;
  /** Fraction of the bar track this row's bar fills, 0–1. */
  fraction: number;
  /** Vertical position in rows from the top (fractional while moving). */
  position: number;
  opacity: number;
  /** A tag that left the top and is fading out. */
  leaving: boolean;
}

export interface RaceFrame {
  rows: RaceFrameRow[];
  /** Whether another frame would look different: the caller keeps drawing while true. */
  moving: boolean;
}

interface Track {
  entry: TopEntry;
  fromValue: number;
  toValue: number;
  fromOpacity: number;
  toOpacity: number;
  /** Vertical position in rows, advanced frame by frame toward the row's place in the current order. */
  position: number;
  leaving: boolean;
}

/** A row moves at least this fast (ms per row), so a small climb reads as a slide, not a jump. */
const MS_PER_ROW = 160;
/** ...and covers any distance within this, so a tag shooting from 20th to 1st does not crawl. */
const LONGEST_MOVE_MS = 360;

const easeOut = (p: number) => 1 - (1 - p) ** 3;

/** Code-point order, as the server breaks ties (DESIGN §4), not the locale's. */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The leaderboard as a bar-chart race: each row (label, bar, count, rank marker) is one unit. On a new
 * result every count tweens from its shown value to the new one; a row's place is the rank of its
 * *current* count, and it slides there, so rows pass each other when their counts cross. A tag that
 * enters fades in at its place; one that leaves sinks to the bottom and fades out. Pure, with time
 * passed in: the chart component calls `frame(now)` on each animation frame.
 *
 * What the reader sees is consistent in every frame: counts are shown as integers, never more than the
 * count of the row drawn above (while two rows pass each other, the climber shows the other's count
 * until it is past, as a tie), and every bar's length is its shown count on one shared scale.
 */
export class LeaderboardRace {
  private tracks = new Map<string, Track>();
  private startedAt = 0;
  private durationMs = 0;
  private lastFrameAt: number | null = null;

  /** Shows `top` from `now` on, tweening over `durationMs` (0: at once). */
  update(top: readonly TopEntry[], now: number, durationMs: number): void {
    const progress = this.progress(now);
    const next = new Map<string, Track>();
    const lowest = top.length > 0 ? Math.min(...top.map((entry) => entry.count)) : 0;
    for (const entry of top) {
      const track = this.tracks.get(entry.tag);
      const fromValue = track ? this.valueAt(track, progress) : entry.count;
      next.set(entry.tag, {
        entry,
        fromValue: durationMs > 0 ? fromValue : entry.count,
        toValue: entry.count,
        fromOpacity: durationMs > 0 && track ? this.opacityAt(track, progress) : durationMs > 0 ? 0 : 1,
        toOpacity: 1,
        position: track?.position ?? Number.NaN,
        leaving: false,
      });
    }
    if (durationMs > 0) {
      for (const [tag, track] of this.tracks) {
        if (next.has(tag)) continue;
        const opacity = this.opacityAt(track, progress);
        if (opacity <= 0) continue;
        const value = this.valueAt(track, progress);
        // Out of the top now: at most the lowest count on the board, so it sinks below the rows that stay.
        next.set(tag, {
          entry: track.entry,
          fromValue: value,
          toValue: Math.min(value, lowest),
          fromOpacity: opacity,
          toOpacity: 0,
          position: track.position,
          leaving: true,
        });
      }
    }
    this.tracks = next;
    this.startedAt = now;
    this.durationMs = durationMs;
    // New rows start at their place in the order, not sliding in from the top.
    const order = this.order(this.progress(now));
    order.forEach((track, slot) => {
      if (Number.isNaN(track.position) || durationMs === 0) track.position = slot;
    });
    this.lastFrameAt = now;
  }

  /** The rows as they stand at `now`, advancing the slide since the previous frame. */
  frame(now: number): RaceFrame {
    const progress = this.progress(now);
    const elapsed = this.lastFrameAt === null ? 0 : Math.max(0, now - this.lastFrameAt);
    this.lastFrameAt = now;
    if (progress >= 1) {
      for (const [tag, track] of this.tracks) if (track.leaving) this.tracks.delete(tag);
    }
    const order = this.order(progress);
    let sliding = false;
    order.forEach((track, slot) => {
      const distance = slot - track.position;
      if (distance === 0) return;
      const speed = Math.max(1 / MS_PER_ROW, Math.abs(distance) / LONGEST_MOVE_MS);
      const step = speed * elapsed;
      track.position = Math.abs(distance) <= step ? slot : track.position + Math.sign(distance) * step;
      if (track.position !== slot) sliding = true;
    });

    // Top to bottom as drawn; a shown count never exceeds the one drawn above it.
    const drawn = order
      .map((track, slot) => ({ track, slot }))
      .sort((a, b) => a.track.position - b.track.position || a.slot - b.slot);
    const rows: RaceFrameRow[] = [];
    let ceiling = Number.POSITIVE_INFINITY;
    for (const { track } of drawn) {
      const count = Math.min(ceiling, Math.max(0, Math.round(this.valueAt(track, progress))));
      ceiling = count;
      rows.push({
        tag: track.entry.tag,
        display: track.entry.display,
        rank: track.entry.rank,
        prevRank: track.entry.prevRank,
        count,
        fraction: 0,
        position: track.position,
        opacity: this.opacityAt(track, progress),
        leaving: track.leaving,
      });
    }
    const scale = Math.max(1, ...rows.map((row) => row.count));
    for (const row of rows) row.fraction = row.count / scale;
    return { rows, moving: progress < 1 || sliding };
  }

  private progress(now: number): number {
    if (this.durationMs <= 0) return 1;
    return Math.min(1, Math.max(0, (now - this.startedAt) / this.durationMs));
  }

  private valueAt(track: Track, progress: number): number {
    return track.fromValue + (track.toValue - track.fromValue) * easeOut(progress);
  }

  private opacityAt(track: Track, progress: number): number {
    return track.fromOpacity + (track.toOpacity - track.fromOpacity) * easeOut(progress);
  }

  /** Where each row belongs now: by current count, rows in the top before those leaving it, then by key. */
  private order(progress: number): Track[] {
    return [...this.tracks.values()].sort(
      (a, b) =>
        this.valueAt(b, progress) - this.valueAt(a, progress) ||
        Number(a.leaving) - Number(b.leaving) ||
        byCodePoint(a.entry.tag, b.entry.tag),
    );
  }
}
