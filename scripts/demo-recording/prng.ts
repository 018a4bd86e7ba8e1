/**
 * A small seeded PRNG for the demo recording generator.
 *
 * Choice: sfc32 (Chris Doty-Humphrey's "Small Fast Counting" generator, 128 bits of state)
 * seeded through splitmix32. It passes PractRand/BigCrush, has no bad seeds thanks to the
 * counter word, and needs only 32-bit integer arithmetic (`Math.imul`, `>>>`), so it gives the
 * same sequence on every JavaScript engine. mulberry32 would do too, but its 32-bit state
 * means some seeds collide after a few billion draws; sfc32 costs nothing more.
 *
 * Each part of the generator (vocabulary, users, the stream itself) takes its own stream
 * derived from (seed, label), so that changing, say, the length of the recording does not
 * change the vocabulary or the user pool.
 */

/** FNV-1a over the UTF-16 code units of a label: a 32-bit value to mix into the seed. */
function fnv1a(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32: turns one 32-bit seed into a sequence of well-mixed 32-bit words. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A stream for `label` under `seed`; the same pair always gives the same sequence. */
  constructor(seed: number, label = '') {
    const mix = splitmix32((seed >>> 0) ^ fnv1a(label));
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = 1; // the counter word: sfc32's guarantee of a long period whatever the seed
    for (let i = 0; i < 15; i++) this.u32(); // warm up, as the reference implementation does
  }

  /** sfc32 step: a uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [lo, hi). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo));
  }

  /** Uniform real in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + this.float() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(0, items.length)] as T;
  }

  /** Picks from `[value, weight]` pairs in proportion to the weights. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of pairs) total += w;
    let r = this.float() * total;
    for (const [value, w] of pairs) {
      r -= w;
      if (r < 0) return value;
    }
    const last = pairs[pairs.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** Fisher–Yates, in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }

  /**
   * Poisson-distributed count with mean `lambda` (Knuth's product method, applied to chunks
   * of at most 16 so that e^-λ never underflows and the loop stays short).
   */
  poisson(lambda: number): number {
    let n = 0;
    let rest = lambda;
    while (rest > 0) {
      const l = Math.min(rest, 16);
      rest -= l;
      const limit = Math.exp(-l);
      let p = this.float();
      while (p > limit) {
        n++;
        p *= this.float();
      }
    }
    return n;
  }
}

/**
 * Samples ranks 0..n-1 from a Zipf–Mandelbrot law, P(r) ∝ 1 / (r + 1 + q)^s:
 * a few very common items and a long tail, like hashtag popularity.
 */
export class ZipfSampler {
  private readonly cumulative: Float64Array;

  constructor(n: number, s: number, q: number) {
    this.cumulative = new Float64Array(n);
    let total = 0;
    for (let r = 0; r < n; r++) {
      total += 1 / Math.pow(r + 1 + q, s);
      this.cumulative[r] = total;
    }
  }

  get size(): number {
    return this.cumulative.length;
  }

  /** Probability of rank r (for documentation and tests). */
  probability(r: number): number {
    const total = this.cumulative[this.cumulative.length - 1] ?? 1;
    const hi = this.cumulative[r] ?? 0;
    const lo = r > 0 ? (this.cumulative[r - 1] ?? 0) : 0;
    return (hi - lo) / total;
  }

  sample(rng: Random): number {
    const total = this.cumulative[this.cumulative.length - 1] ?? 0;
    const x = rng.float() * total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
