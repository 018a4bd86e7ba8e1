/**
 * The event times of a ring's slots (`RecentIds`), 4 bytes a slot while it can: each time as an
 * int32 offset from a base that moves with the stream, exact for integer times within ±2^31 ms
 * of the base. The first time that cannot be held so (a fraction, NaN, an infinity, -0, or a
 * stream spanning more than about twelve days within the ring) moves the times once to doubles,
 * 8 bytes each but any number, where they then stay.
 */
export class RingTimes {
  private rel = new Int32Array(0);
  private base = 0;
  private abs: Float64Array | null = null;

  /** The time at `slot`. */
  get(slot: number): number {
    return this.abs === null ? this.base + this.rel[slot]! : this.abs[slot]!;
  }

  /**
   * Whether the time at `slot` is below `cutoff`, or not comparable with it (NaN): `!(t >= cutoff)`,
   * so that NaN behaves as it did in the Map the ring replaced.
   */
  before(slot: number, cutoff: number): boolean {
    return !(this.get(slot) >= cutoff);
  }

  /** Sets the time at `slot`; `ring` names the slots holding times now (for a move of the base). */
  set(slot: number, time: number, ring: RingSpan): void {
    if (this.abs === null) {
      const offset = time - this.base;
      // The sum catches an offset the subtraction rounded (a tiny fraction beside a large base);
      // the last test, -0, which an int32 offset would turn into 0.
      if ((offset | 0) === offset && this.base + offset === time && (time !== 0 || 1 / time > 0)) {
        this.rel[slot] = offset;
        return;
      }
      if (this.rebase(time, ring)) {
        this.rel[slot] = time - this.base;
        return;
      }
      this.widen(ring);
    }
    this.abs![slot] = time;
  }

  /** Copies the times of `ring` into a column of `cap` slots, the oldest at slot 0. */
  resize(cap: number, ring: RingSpan): void {
    const mask = ring.cap - 1;
    if (this.abs === null) {
      const rel = new Int32Array(cap);
      for (let k = 0; k < ring.count; k++) rel[k] = this.rel[(ring.head + k) & mask]!;
      this.rel = rel;
    } else {
      const abs = new Float64Array(cap);
      for (let k = 0; k < ring.count; k++) abs[k] = this.abs[(ring.head + k) & mask]!;
      this.abs = abs;
    }
  }

  /**
   * Moves the base to the middle of the times held and `time` when they are all safe integers
   * within 2^30 ms (about twelve days) of one another: a live stream outruns any fixed base
   * within 24 days, though its ring spans minutes. Each move leaves 2^30 ms of room either side,
   * so the next succeeds only once every id held now is gone (no slot is scanned by two
   * successful moves), and one that fails widens the times for good: the scans cost no more than
   * the insertions did.
   */
  private rebase(time: number, ring: RingSpan): boolean {
    if (!Number.isSafeInteger(time) || (time === 0 && 1 / time < 0)) return false;
    const rel = this.rel;
    const base = this.base;
    const mask = ring.cap - 1;
    let min = time;
    let max = time;
    for (let k = 0; k < ring.count; k++) {
      const t = base + rel[(ring.head + k) & mask]!;
      if (t < min) min = t;
      if (t > max) max = t;
    }
    if (max - min > REBASE_SPAN || !Number.isSafeInteger(min) || !Number.isSafeInteger(max)) return false;
    const to = min + Math.floor((max - min) / 2);
    for (let k = 0; k < ring.count; k++) {
      const slot = (ring.head + k) & mask;
      rel[slot] = base + rel[slot]! - to;
    }
    this.base = to;
    return true;
  }

  private widen(ring: RingSpan): void {
    const abs = new Float64Array(ring.cap);
    const mask = ring.cap - 1;
    for (let k = 0; k < ring.count; k++) {
      const slot = (ring.head + k) & mask;
      abs[slot] = this.base + this.rel[slot]!;
    }
    this.abs = abs;
    this.rel = new Int32Array(0);
  }
}

/** The slots of a ring holding values: `count` from `head`, in a ring of `cap` (a power of two). */
export interface RingSpan {
  readonly head: number;
  readonly count: number;
  readonly cap: number;
}

/** 2^30 ms: how close the times held must be for the base to move rather than times widen. */
const REBASE_SPAN = 2 ** 30;
