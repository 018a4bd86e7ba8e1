import { DEFAULT_SETTINGS } from '@tagstream/protocol';
import { CounterSession, emptyLineTally, feedLine } from '@tagstream/stream';
import { ManualClock } from '@tagstream/time';
import { DECLINE, scanLineBytes, ScannedTweet, TagTable } from '@tagstream/tweets';
import { feedBytes, ScanCounter } from '../packages/stream/src/bytes/index.ts';
import { interleaved, rates, round } from './measure.ts';
import { workload, type WorkloadKind } from './workloads.ts';

export interface ScanWorkloadFigures {
  workload: WorkloadKind;
  lines: number;
  distinct: number;
  bytesPerLine: number;
  /** Share of the lines the byte path read (the rest took the exact path). */
  readByBytes: number;
  /** Per CPU second: the floor from the decoded text (split + JSON.parse, as the core benchmark's). */
  floorPerSec: number;
  /** The same floor from the bytes: decode, split, JSON.parse. */
  floorFromBytesPerSec: number;
  /** The byte-level reader alone: every line scanned, its hashtags looked up in a tag table. */
  scannerPerSec: number;
  /** The prototype: ScanCounter fed from the bytes (results emitted). */
  prototypePerSec: number;
  /** Today's core: feedLine → WindowedCounter over the split lines (results emitted). */
  todayPerSec: number;
  scannerVsFloor: number;
  prototypeVsFloor: number;
  prototypeVsFloorFromBytes: number;
  prototypeVsToday: number;
  todayVsFloor: number;
  /** Results each counter emitted (the same number: the prototype gives the counter's results). */
  results: number;
}

export interface ScanFigures {
  rounds: number;
  workloads: ScanWorkloadFigures[];
}

/**
 * The byte path of issue 19 against its baselines, on one workload, contenders alternating round
 * by round (CPU time of this process, as the core benchmark measures): the split + JSON.parse floor (from the decoded text, and
 * from the bytes), the byte-level reader alone, the prototype counter, and today's core.
 */
export function benchScanWorkload(opts: {
  kind: WorkloadKind;
  lines: number;
  distinct: number;
  rounds: number;
}): ScanWorkloadFigures {
  const text = workload(opts.kind, opts.lines, opts.distinct).join('\n') + '\n';
  const bytes = Buffer.from(text);
  const n = opts.lines;
  let sink = 0;
  let todayResults = 0;
  let protoResults = 0;
  let read = 0;
  const scanned = new ScannedTweet();

  const contenders: Record<string, () => void> = {
    floor: () => {
      for (const line of text.split('\n'))
        if (line.length > 0) sink += (JSON.parse(line) as { id?: string }).id?.length ?? 1;
    },
    floorFromBytes: () => {
      for (const line of bytes.toString('utf8').split('\n'))
        if (line.length > 0) sink += (JSON.parse(line) as { id?: string }).id?.length ?? 1;
    },
    scanner: () => {
      const tags = new TagTable();
      read = 0;
      for (let pos = 0; pos < bytes.length;) {
        const next = scanLineBytes(bytes, pos, bytes.length, scanned);
        if (next === DECLINE) {
          pos = bytes.indexOf(0x0a, pos) + 1;
          continue;
        }
        for (let k = 0; k < scanned.tags; k++)
          sink += tags.formOf(bytes, scanned.tagStart[k]!, scanned.tagEnd[k]!, scanned.tagHash[k]!);
        read++;
        pos = next;
      }
    },
    prototype: () => {
      protoResults = 0;
      const counter = new ScanCounter({}, new ManualClock(0), () => protoResults++);
      const tally = emptyLineTally();
      feedBytes(counter, bytes, 0, bytes.length, tally);
      counter.end();
      if (tally.tweets !== n) throw new Error(`prototype counted ${tally.tweets} of ${n} lines`);
    },
    today: () => {
      todayResults = 0;
      const session = new CounterSession({
        settings: DEFAULT_SETTINGS,
        clock: new ManualClock(0),
        sink: { result: () => todayResults++ },
      });
      const tally = emptyLineTally();
      for (const line of text.split('\n')) if (line.length > 0) feedLine(session, line, 'auto', tally);
      session.end();
    },
  };
  // No forced collection between contenders: V8 ages a function's code at each full collection
  // and drops it after a few, so forcing them made the byte path recompile every round (0.6-0.7x).
  const t = interleaved(opts.rounds, contenders);
  if (protoResults !== todayResults)
    throw new Error(`prototype emitted ${protoResults} results, the core ${todayResults}`);
  if (sink < 0) console.log(sink);
  const perSec = (name: string): number => rates(n, t[name]!).perCpuSec;
  const floor = perSec('floor');
  const prototype = perSec('prototype');
  return {
    workload: opts.kind,
    lines: n,
    distinct: opts.distinct,
    bytesPerLine: Math.round(bytes.length / n),
    readByBytes: round(read / n),
    floorPerSec: floor,
    floorFromBytesPerSec: perSec('floorFromBytes'),
    scannerPerSec: perSec('scanner'),
    prototypePerSec: prototype,
    todayPerSec: perSec('today'),
    scannerVsFloor: round(perSec('scanner') / floor),
    prototypeVsFloor: round(prototype / floor),
    prototypeVsFloorFromBytes: round(prototype / perSec('floorFromBytes')),
    prototypeVsToday: round(prototype / perSec('today')),
    todayVsFloor: round(perSec('today') / floor),
    results: protoResults,
  };
}

/** Our normalized lines and raw X API v2 lines (10,000 distinct tags). */
export function benchScan(opts: { normalizedLines: number; v2Lines: number; rounds: number }): ScanFigures {
  return {
    rounds: opts.rounds,
    workloads: [
      benchScanWorkload({
        kind: 'normalized',
        lines: opts.normalizedLines,
        distinct: 10_000,
        rounds: opts.rounds,
      }),
      benchScanWorkload({ kind: 'v2', lines: opts.v2Lines, distinct: 10_000, rounds: opts.rounds }),
    ],
  };
}
