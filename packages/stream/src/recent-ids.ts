/**
 * Tweet ids counted within the dedup horizon, so re-delivered tweets (reconnects,
 * replays after a restart) are not counted twice. Bounded: past `maxIds` the
 * oldest-inserted ids are forgotten first and counted in `evicted`.
 */
export class RecentIds {
  /** id → event time; a Map keeps insertion order, which is close to event-time order. */
  private readonly ids = new Map<string, number>();
  evicted = 0;

  constructor(
    private readonly horizonMs: number,
    private readonly maxIds: number,
  ) {}

  get size(): number {
    return this.ids.size;
  }

  /** Records `id`; returns false when it was already there (a duplicate). */
  add(id: string, time: number): boolean {
    if (this.ids.has(id)) return false;
    this.ids.set(id, time);
    if (this.ids.size > this.maxIds) {
      const oldest = this.ids.keys().next().value as string;
      this.ids.delete(oldest);
      this.evicted++;
    }
    return true;
  }

  /** Forgets ids older than the horizon behind `watermark`, oldest first, stopping at the first recent one. */
  expire(watermark: number): void {
    const cutoff = watermark - this.horizonMs;
    for (const [id, time] of this.ids) {
      if (time >= cutoff) return;
      this.ids.delete(id);
    }
  }

  entries(): IterableIterator<[string, number]> {
    return this.ids.entries();
  }
}
