/**
 * The newest lines (DESIGN.md §7), bounded by age and by bytes, sent to each
 * consumer as it connects. They are kept even while consumers are connected: a
 * core killed between two checkpoints gets back everything since its last
 * checkpoint when it reconnects, and drops what it had already counted by id.
 */
export class LineBacklog {
  private lines: { line: string; at: number; bytes: number }[] = [];
  private head = 0;
  private bytes = 0;
  dropped = 0;

  constructor(
    private readonly maxAgeMs: number,
    private readonly maxBytes: number,
  ) {}

  get size(): number {
    return this.lines.length - this.head;
  }

  push(line: string, now: number): void {
    const bytes = Buffer.byteLength(line) + 1;
    this.lines.push({ line, at: now, bytes });
    this.bytes += bytes;
    this.trim(now);
  }

  /** Every kept line, oldest first. */
  recent(now: number): string[] {
    this.trim(now);
    return this.lines.slice(this.head).map((l) => l.line);
  }

  private trim(now: number): void {
    const cutoff = now - this.maxAgeMs;
    while (this.head < this.lines.length) {
      const first = this.lines[this.head]!;
      if (first.at >= cutoff && this.bytes <= this.maxBytes) break;
      this.bytes -= first.bytes;
      this.head++;
      this.dropped++;
    }
    // Compact now and then so the array does not keep every line ever dropped.
    if (this.head > 4096 && this.head * 2 > this.lines.length) {
      this.lines = this.lines.slice(this.head);
      this.head = 0;
    }
  }
}
