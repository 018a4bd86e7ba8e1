import { describe, expect, it } from 'vitest';
import { LineBacklog } from './line-backlog.ts';

/** The per-line backlog the chunked one replaced: the reference for which lines are kept. */
class LineModel {
  private lines: { line: string; at: number; bytes: number }[] = [];
  private bytes = 0;
  dropped = 0;

  constructor(
    private readonly maxAgeMs: number,
    private readonly maxBytes: number,
  ) {}

  push(line: string, now: number): void {
    const bytes = Buffer.byteLength(line) + 1;
    this.lines.push({ line, at: now, bytes });
    this.bytes += bytes;
    this.trim(now);
  }

  recent(now: number): string[] {
    this.trim(now);
    return this.lines.map((l) => l.line);
  }

  private trim(now: number): void {
    while (this.lines.length > 0) {
      const first = this.lines[0]!;
      if (first.at >= now - this.maxAgeMs && this.bytes <= this.maxBytes) break;
      this.bytes -= first.bytes;
      this.lines.shift();
      this.dropped++;
    }
  }
}

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pieces = ['a', 'tweet', ' ', '#tag', 'ü', 'é', '日本', '😀', '{"id":"1"}', ''];

describe('LineBacklog', () => {
  it('keeps exactly the lines the per-line backlog kept, by age and by bytes, across bursts', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rnd = random(seed);
      const maxAge = 1 + Math.floor(rnd() * 50);
      const maxBytes = 1 + Math.floor(rnd() * 400);
      const backlog = new LineBacklog(maxAge, maxBytes);
      const model = new LineModel(maxAge, maxBytes);
      let now = 0;
      let sinceSeal: string[] = [];
      for (let step = 0; step < 2000; step++) {
        const r = rnd();
        if (r < 0.5) {
          let line = '';
          for (let k = Math.floor(rnd() * 12); k > 0; k--) line += pieces[Math.floor(rnd() * pieces.length)]!;
          line += String(step);
          backlog.push(line, now);
          model.push(line, now);
          sinceSeal.push(line);
        } else if (r < 0.8) {
          const burst = backlog.seal();
          if (sinceSeal.length === 0) expect(burst).toBeNull();
          // A burst holds every line since the last one, those the bounds dropped meanwhile too.
          else expect(burst).toEqual({ text: sinceSeal.join('\n') + '\n', lines: sinceSeal.length });
          sinceSeal = [];
        } else if (r < 0.95) {
          now += Math.floor(rnd() * 10);
        } else {
          const kept = model.recent(now);
          expect(backlog.recent(now)).toEqual({
            text: kept.map((l) => l + '\n').join(''),
            lines: kept.length,
          });
          expect(backlog.size).toBe(kept.length);
          expect(backlog.dropped).toBe(model.dropped);
        }
      }
    }
  });

  it('gives nothing when everything kept has aged out, and starts again with the next line', () => {
    const backlog = new LineBacklog(10, 1000);
    backlog.push('old', 0);
    backlog.seal();
    backlog.push('older burst, still open', 1);
    expect(backlog.recent(100)).toEqual({ text: '', lines: 0 });
    backlog.push('new', 100);
    expect(backlog.seal()).toEqual({ text: 'older burst, still open\nnew\n', lines: 2 });
    expect(backlog.recent(105)).toEqual({ text: 'new\n', lines: 1 });
    expect(backlog.dropped).toBe(2);
  });

  it('stays exact over many more bursts than it keeps', () => {
    // 'line NNNN' is 9 bytes and its newline 1: 30 bytes hold the newest three.
    const backlog = new LineBacklog(60_000, 30);
    for (let i = 1000; i < 9000; i++) {
      backlog.push(`line ${i}`, i);
      if (i % 2 === 0) backlog.seal();
    }
    expect(backlog.recent(9000)).toEqual({ text: 'line 8997\nline 8998\nline 8999\n', lines: 3 });
    expect(backlog.dropped).toBe(8000 - 3);
  });
});
