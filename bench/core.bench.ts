import { emptyLineTally, feedLine, ManualClock, WindowedCounter } from '@tagstream/stream';
import { normalizedLines } from './workloads.ts';

export interface CoreFigures {
  lines: number;
  bytesPerLine: number;
  /** Ours: every line through parseLine → WindowedCounter, results emitted. */
  tweetsPerSec: number;
  /** The floor: split the buffer into lines and JSON.parse each. */
  parseFloorPerSec: number;
  /** The PySpark original's logic ported to TypeScript (split on spaces, #words, lower-case, count, sort). */
  pysparkPortPerSec: number;
  ratio: number;
  results: number;
}

/** Best of `runs` timings of `fn`, in seconds. */
function best(runs: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, (performance.now() - t0) / 1000);
  }
  return min;
}

export function benchCore(opts: { lines: number; distinct: number; runs: number }): CoreFigures {
  const lines = normalizedLines(opts.lines, opts.distinct);
  const text = lines.join('\n') + '\n';
  const n = lines.length;
  let sink = 0;

  const floor = best(opts.runs, () => {
    for (const line of text.split('\n'))
      if (line.length > 0) sink += (JSON.parse(line) as { text: string }).text.length;
  });

  const port = best(opts.runs, () => {
    // One micro-batch at a time, as the original: words starting with '#', lower-cased, counted, sorted.
    const counts = new Map<string, number>();
    for (const line of text.split('\n')) {
      if (line.length === 0) continue;
      const t = (JSON.parse(line) as { text: string }).text;
      for (const w of t.split(' '))
        if (w.startsWith('#')) counts.set(w.toLowerCase(), (counts.get(w.toLowerCase()) ?? 0) + 1);
    }
    sink += [...counts].sort((a, b) => b[1] - a[1]).slice(0, 10).length;
  });

  let results = 0;
  const ours = best(opts.runs, () => {
    results = 0;
    const counter = new WindowedCounter({}, new ManualClock(0), () => results++);
    const tally = emptyLineTally();
    for (const line of text.split('\n')) if (line.length > 0) feedLine(counter, line, 'auto', tally);
    counter.end();
  });
  if (sink < 0) console.log(sink);

  return {
    lines: n,
    bytesPerLine: Math.round(Buffer.byteLength(text) / n),
    tweetsPerSec: Math.round(n / ours),
    parseFloorPerSec: Math.round(n / floor),
    pysparkPortPerSec: Math.round(n / port),
    ratio: Math.round((floor / ours) * 1000) / 1000,
    results,
  };
}
