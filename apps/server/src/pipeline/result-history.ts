import type { BatchResult } from '@tagstream/protocol';

/** The recent results, oldest first, bounded: what trend lines and `GET /api/history` read. */
export class ResultHistory {
  private readonly items: BatchResult[] = [];

  constructor(private readonly limit: number) {}

  push(result: BatchResult): void {
    this.items.push(result);
    if (this.items.length > this.limit) this.items.splice(0, this.items.length - this.limit);
  }

  get size(): number {
    return this.items.length;
  }

  latest(): BatchResult | null {
    return this.items.at(-1) ?? null;
  }

  /** The newest `n` results, oldest first. */
  recent(n: number): BatchResult[] {
    return this.items.slice(Math.max(0, this.items.length - n));
  }

  clear(): void {
    this.items.length = 0;
  }
}
