/**
 * A growable column of numbers that takes 4 bytes a value while every value is an integer from
 * 0 to 2^32 − 1, and 8 (a double: any number, exactly) from the first that is not. The running
 * totals hold a million keys at most; their counts, errors and sequence numbers fit in 32 bits
 * for years of a busy stream, and halving them is 12 MiB of an hour's retention (DESIGN.md §10).
 */
export class WideningColumn {
  private narrow: Uint32Array<ArrayBuffer> | null = new Uint32Array(0);
  private wide: Float64Array<ArrayBuffer> | null = null;

  get length(): number {
    return this.narrow !== null ? this.narrow.length : this.wide!.length;
  }

  /** Whether values take 8 bytes (for tests and the memory report). */
  get isWide(): boolean {
    return this.wide !== null;
  }

  get(i: number): number {
    return this.narrow !== null ? this.narrow[i]! : this.wide![i]!;
  }

  set(i: number, value: number): void {
    if (this.narrow !== null) {
      if (value >>> 0 === value) {
        this.narrow[i] = value;
        return;
      }
      this.wide = Float64Array.from(this.narrow);
      this.narrow = null;
    }
    this.wide![i] = value;
  }

  /** Makes the column `length` long, keeping its values (new ones are 0). */
  resize(length: number): void {
    if (this.narrow !== null) {
      const to = new Uint32Array(length);
      to.set(this.narrow.subarray(0, Math.min(length, this.narrow.length)));
      this.narrow = to;
    } else {
      const to = new Float64Array(length);
      to.set(this.wide!.subarray(0, Math.min(length, this.wide!.length)));
      this.wide = to;
    }
  }
}
