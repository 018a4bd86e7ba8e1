/** The lines of one burst: while open, the line strings; once sealed, one text holding them all. */
interface Chunk {
  lines: string[] | null;
  /** The lines joined, each `\n`-terminated (set when sealed). */
  text: string;
  /** Where each line ends in `text`, its `\n` included (set when sealed). */
  ends: number[];
  times: number[];
  /** UTF-8 bytes of each line, its `\n` included. */
  sizes: number[];
  /** Lines of this chunk dropped already. */
  head: number;
}

/**
 * The newest lines (DESIGN.md §7), bounded by age and by bytes, sent to each
 * consumer as it connects. They are kept even while consumers are connected: a
 * core killed between two checkpoints gets back everything since its last
 * checkpoint when it reconnects, and drops what it had already counted by id.
 *
 * The lines of one burst are kept as the one string that was written to the consumers, not as
 * lines: a max-speed replay keeps hundreds of thousands of lines, each built from many pieces, and
 * the young-generation collector copied every one of them into the old generation. Age and size
 * are still tracked per line, so both bounds stay exact.
 */
export class LineBacklog {
  private chunks: Chunk[] = [];
  private first = 0;
  private open: Chunk | null = null;
  private count = 0;
  private bytes = 0;
  dropped = 0;

  constructor(
    private readonly maxAgeMs: number,
    private readonly maxBytes: number,
  ) {}

  get size(): number {
    return this.count;
  }

  push(line: string, now: number): void {
    let open = this.open;
    if (open === null) {
      open = { lines: [], text: '', ends: [], times: [], sizes: [], head: 0 };
      this.open = open;
      this.chunks.push(open);
    }
    const bytes = Buffer.byteLength(line) + 1;
    open.lines!.push(line);
    open.times.push(now);
    open.sizes.push(bytes);
    this.bytes += bytes;
    this.count++;
    this.trim(now);
  }

  /**
   * Ends the burst: returns every line pushed since the last call (those the bounds dropped
   * meanwhile included: the connected consumers still need them), `\n`-terminated, and keeps that
   * text in place of the lines.
   */
  seal(): { text: string; lines: number } | null {
    const open = this.open;
    if (open === null) return null;
    this.open = null;
    const lines = open.lines!;
    open.lines = null;
    let end = 0;
    for (const line of lines) open.ends.push((end += line.length + 1));
    lines.push('');
    open.text = lines.join('\n');
    return { text: open.text, lines: lines.length - 1 };
  }

  /** Every kept line, oldest first, each `\n`-terminated, and how many there are. */
  recent(now: number): { text: string; lines: number } {
    this.trim(now);
    let text = '';
    for (let i = this.first; i < this.chunks.length; i++) {
      const c = this.chunks[i]!;
      if (c.head === c.times.length) continue;
      if (c.lines !== null) text += c.lines.slice(c.head).join('\n') + '\n';
      else text += c.head === 0 ? c.text : c.text.slice(c.ends[c.head - 1]);
    }
    return { text, lines: this.count };
  }

  private trim(now: number): void {
    const cutoff = now - this.maxAgeMs;
    while (this.count > 0) {
      const c = this.chunks[this.first]!;
      if (c.head === c.times.length) {
        // Dropped whole while it was still open.
        this.first++;
        continue;
      }
      if (c.times[c.head]! >= cutoff && this.bytes <= this.maxBytes) break;
      this.bytes -= c.sizes[c.head]!;
      this.count--;
      this.dropped++;
      if (++c.head === c.times.length && c !== this.open) this.first++;
    }
    // Compact now and then so the array does not keep every chunk ever dropped.
    if (this.first > 1024 && this.first * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.first);
      this.first = 0;
    }
  }
}
