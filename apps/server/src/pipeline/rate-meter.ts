import type { Clock } from '@tagstream/time';

/** Events per second over a sliding span of whole seconds, from an injected clock. */
export class RateMeter {
  private readonly buckets: number[];
  private bucketSecond = 0;

  constructor(
    private readonly spanSeconds: number,
    private readonly clock: Clock,
  ) {
    this.buckets = new Array<number>(spanSeconds).fill(0);
  }

  mark(n = 1): void {
    this.roll();
    this.buckets[this.bucketSecond % this.spanSeconds]! += n;
  }

  perSecond(): number {
    this.roll();
    let sum = 0;
    // The current second is still filling; leave it out so the rate does not dip every second.
    for (let i = 1; i < this.spanSeconds; i++)
      sum += this.buckets[(this.bucketSecond - i + this.spanSeconds * 2) % this.spanSeconds]!;
    return sum / (this.spanSeconds - 1);
  }

  private roll(): void {
    const second = Math.floor(this.clock.now() / 1000);
    if (second === this.bucketSecond) return;
    const steps = Math.min(second - this.bucketSecond, this.spanSeconds);
    for (let i = 1; i <= steps; i++) this.buckets[(this.bucketSecond + i) % this.spanSeconds] = 0;
    this.bucketSecond = second;
  }
}
