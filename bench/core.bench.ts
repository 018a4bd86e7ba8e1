import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SETTINGS } from '@tagstream/protocol';
import { CounterSession, emptyLineTally, feedBytes, feedLine } from '@tagstream/stream';
import { ManualClock } from '@tagstream/time';
import { interleaved, median, rates, round } from './measure.ts';
import { textOf, workload, type WorkloadKind } from './workloads.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export interface CoreFigures {
  workload: WorkloadKind;
  lines: number;
  distinct: number;
  bytesPerLine: number;
  /**
   * Ours: the lines' bytes through feedBytes (the byte-level reader where it reads the line, the
   * exact path where it declines) into the counting session, results emitted; per CPU second.
   */
  tweetsPerSec: number;
  /** The same session fed the split strings through feedLine (parseLine), as the server's TCP client does. */
  stringsPerSec: number;
  /** The floor: split the buffer into lines and JSON.parse each; per CPU second. */
  parseFloorPerSec: number;
  /** ours / floor (DESIGN §10 wants at least 0.8). */
  ratio: number;
  /** The PySpark original's logic ported to TypeScript (split on spaces, #words, lower-case, count, sort). */
  pysparkPortPerSec: number;
  /** The same logic in plain Python (null without python3). */
  pythonPerSec: number | null;
  /** Wall-clock throughputs of ours and the floor, for reference (they move with the machine's load). */
  wallTweetsPerSec: number;
  wallParseFloorPerSec: number;
  results: number;
}

/**
 * One workload through ours and the baselines, interleaved round by round.
 * Lines are joined into one string first and split in every contender, as
 * the floor does, so that all of them pay for the same split.
 */
export function benchCore(opts: {
  kind: WorkloadKind;
  lines: number;
  distinct: number;
  rounds: number;
  python: boolean;
}): CoreFigures {
  const { kind } = opts;
  const lines = workload(kind, opts.lines, opts.distinct);
  const text = lines.join('\n') + '\n';
  const bytes = Buffer.from(text);
  lines.length = 0;
  const n = opts.lines;
  let sink = 0;
  let results = 0;

  const t = interleaved(opts.rounds, {
    floor: () => {
      for (const line of text.split('\n'))
        if (line.length > 0) sink += (JSON.parse(line) as { text?: string }).text?.length ?? 0;
    },
    ours: () => {
      results = 0;
      const session = new CounterSession({
        // As `tagstream count` runs by default: no related tags (the server lists 5).
        settings: { ...DEFAULT_SETTINGS, related: 0 },
        clock: new ManualClock(0),
        sink: { result: () => results++ },
      });
      const tally = emptyLineTally();
      feedBytes(session, bytes, 0, bytes.length, tally);
      session.end();
      if (tally.tweets !== n) throw new Error(`core counted ${tally.tweets} of ${n} ${kind} lines`);
    },
    strings: () => {
      const session = new CounterSession({
        settings: DEFAULT_SETTINGS,
        clock: new ManualClock(0),
        sink: { result: () => undefined },
      });
      const tally = emptyLineTally();
      for (const line of text.split('\n')) if (line.length > 0) feedLine(session, line, 'auto', tally);
      session.end();
    },
    port: () => {
      // The original: words starting with '#', lower-cased, counted, sorted for a top ten.
      const counts = new Map<string, number>();
      for (const line of text.split('\n')) {
        if (line.length === 0) continue;
        for (const w of textOf(kind, JSON.parse(line)).split(' '))
          if (w.startsWith('#')) counts.set(w.toLowerCase(), (counts.get(w.toLowerCase()) ?? 0) + 1);
      }
      sink += [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10).length;
    },
  });
  if (sink < 0) console.log(sink);

  const floor = rates(n, t.floor!);
  const ours = rates(n, t.ours!);
  return {
    workload: kind,
    lines: n,
    distinct: opts.distinct,
    bytesPerLine: Math.round(Buffer.byteLength(text) / n),
    tweetsPerSec: ours.perCpuSec,
    stringsPerSec: rates(n, t.strings!).perCpuSec,
    parseFloorPerSec: floor.perCpuSec,
    ratio: round(median(t.floor!.cpu) / median(t.ours!.cpu)),
    pysparkPortPerSec: rates(n, t.port!).perCpuSec,
    pythonPerSec: opts.python ? python(kind, text, opts.rounds) : null,
    wallTweetsPerSec: ours.perWallSec,
    wallParseFloorPerSec: floor.perWallSec,
    results,
  };
}

/** Lines per CPU second of bench/pyspark_logic.py on the same lines (a separate process). */
function python(kind: WorkloadKind, text: string, rounds: number): number | null {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tagstream-bench-'));
  try {
    const file = path.join(dir, 'lines.jsonl');
    writeFileSync(file, text);
    const r = spawnSync('python3', [path.join(HERE, 'pyspark_logic.py'), file, kind, String(rounds)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (r.status !== 0) return null;
    const out = JSON.parse(r.stdout) as { lines: number; seconds: number };
    return Math.round(out.lines / out.seconds);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
