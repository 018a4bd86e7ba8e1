import { DEFAULT_SETTINGS } from '@tagstream/protocol';
import { CounterSession, emptyLineTally, feedBytes, feedLine } from '@tagstream/stream';
import { ManualClock } from '@tagstream/time';
import { DECLINE, scanLineBytes, ScannedTweet } from '@tagstream/tweets';
import { StringDictionary } from '../packages/stream/src/string-dictionary.ts';
import { TagForms } from '../packages/stream/src/tag-forms.ts';
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
  /** The byte-level reader alone: every line scanned, its hashtags looked up by their bytes (`TagForms`). */
  scannerPerSec: number;
  /** The core on bytes: feedBytes → the counting session (results emitted), as `tagstream count` runs it. */
  bytesPerSec: number;
  /** The core on strings: feedLine → the counting session over the split lines (results emitted). */
  stringsPerSec: number;
  scannerVsFloor: number;
  bytesVsFloor: number;
  bytesVsFloorFromBytes: number;
  bytesVsStrings: number;
  stringsVsFloor: number;
  /** Results each path emitted (the same number: both are the same counter). */
  results: number;
}

export interface ScanFigures {
  rounds: number;
  workloads: ScanWorkloadFigures[];
}

/**
 * The byte path of issue 19 against its baselines, on one workload, contenders alternating round
 * by round (CPU time of this process, as the core benchmark measures): the split + JSON.parse
 * floor (from the decoded text, and from the bytes), the byte-level reader alone, and the counting
 * session fed from the bytes and from the split strings.
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
  let stringResults = 0;
  let byteResults = 0;
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
      const tags = new TagForms(new StringDictionary(), 100_000);
      read = 0;
      for (let pos = 0; pos < bytes.length;) {
        const next = scanLineBytes(bytes, pos, bytes.length, scanned);
        if (next === DECLINE) {
          pos = bytes.indexOf(0x0a, pos) + 1;
          continue;
        }
        sink += tags.resolveScanned(scanned, bytes);
        read++;
        pos = next;
      }
    },
    bytes: () => {
      byteResults = 0;
      const session = new CounterSession({
        settings: DEFAULT_SETTINGS,
        clock: new ManualClock(0),
        sink: { result: () => byteResults++ },
      });
      const tally = emptyLineTally();
      feedBytes(session, bytes, 0, bytes.length, tally);
      session.end();
      if (tally.tweets !== n) throw new Error(`the byte path counted ${tally.tweets} of ${n} lines`);
    },
    strings: () => {
      stringResults = 0;
      const session = new CounterSession({
        settings: DEFAULT_SETTINGS,
        clock: new ManualClock(0),
        sink: { result: () => stringResults++ },
      });
      const tally = emptyLineTally();
      for (const line of text.split('\n')) if (line.length > 0) feedLine(session, line, 'auto', tally);
      session.end();
    },
  };
  // No forced collection between contenders: V8 ages a function's code at each full collection
  // and drops it after a few, so forcing them made the byte path recompile every round (0.6-0.7x).
  const t = interleaved(opts.rounds, contenders);
  if (byteResults !== stringResults)
    throw new Error(`the byte path emitted ${byteResults} results, the string path ${stringResults}`);
  if (sink < 0) console.log(sink);
  const perSec = (name: string): number => rates(n, t[name]!).perCpuSec;
  const floor = perSec('floor');
  const fromBytes = perSec('bytes');
  return {
    workload: opts.kind,
    lines: n,
    distinct: opts.distinct,
    bytesPerLine: Math.round(bytes.length / n),
    readByBytes: round(read / n),
    floorPerSec: floor,
    floorFromBytesPerSec: perSec('floorFromBytes'),
    scannerPerSec: perSec('scanner'),
    bytesPerSec: fromBytes,
    stringsPerSec: perSec('strings'),
    scannerVsFloor: round(perSec('scanner') / floor),
    bytesVsFloor: round(fromBytes / floor),
    bytesVsFloorFromBytes: round(fromBytes / perSec('floorFromBytes')),
    bytesVsStrings: round(fromBytes / perSec('strings')),
    stringsVsFloor: round(perSec('strings') / floor),
    results: byteResults,
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
