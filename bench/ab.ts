import { pathToFileURL } from 'node:url';
import { DEFAULT_SETTINGS } from '@tagstream/protocol';
import type * as Stream from '@tagstream/stream';
import { ManualClock } from '@tagstream/time';
import { workload, type WorkloadKind } from './workloads.ts';

/**
 * `tsx bench/ab.ts <other-checkout> [lines] [distinct] [rounds] [workload] [related] [other's related]`: the core loop of this checkout
 * against another one (a copy of another commit, with its own node_modules links) in one process, alternating runs so
 * that both see the same load on a shared machine; prints medians and each one's ratio to the
 * split+JSON.parse floor measured in between. The other checkout may predate the counting session
 * (a counter fed directly, its clock from the stream package): both shapes are driven. `related`
 * (default 0, as `tagstream count` runs) is the related-tags setting of this checkout's side, and of the
 * other's unless given (a checkout from before related tags ignores it): `. … 5 0` prices them.
 */
type StreamModule = typeof Stream;

/** The stream package before the counting session: a counter with positional parameters, fed directly. */
interface CounterEraModule {
  ManualClock: new (t: number) => unknown;
  WindowedCounter: new (o: object, clock: unknown, sink: () => void) => { end(): void };
  feedLine(counter: unknown, line: string, mode: 'auto', tally: unknown): void;
  emptyLineTally(): unknown;
}
const [otherRoot = '', linesArg, distinctArg, roundsArg, kindArg, relatedArg, otherRelatedArg] =
  process.argv.slice(2);
const related = Number(relatedArg ?? 0);
const otherRelated = Number(otherRelatedArg ?? related);
const n = Number(linesArg ?? 200_000);
const distinct = Number(distinctArg ?? 10_000);
const rounds = Number(roundsArg ?? 7);
const text = workload((kindArg ?? 'normalized') as WorkloadKind, n, distinct).join('\n') + '\n';
const ours = (await import('@tagstream/stream')) as StreamModule;
const other = (await import(pathToFileURL(`${otherRoot}/packages/stream/src/index.ts`).href)) as StreamModule;

/** CPU time of this process in ms: on a shared machine it moves less with other people's load than wall time. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function core(m: StreamModule, relatedTags: number): number {
  if ('ManualClock' in m) return counterEraCore(m as unknown as CounterEraModule);
  const t0 = cpuMs();
  const session = new m.CounterSession({
    settings: { ...DEFAULT_SETTINGS, related: relatedTags },
    clock: new ManualClock(0),
    sink: { result: () => undefined },
  });
  const tally = m.emptyLineTally();
  for (const line of text.split('\n')) if (line.length > 0) m.feedLine(session, line, 'auto', tally);
  session.end();
  return cpuMs() - t0;
}

function counterEraCore(m: CounterEraModule): number {
  const t0 = cpuMs();
  const counter = new m.WindowedCounter({}, new m.ManualClock(0), () => undefined);
  const tally = m.emptyLineTally();
  for (const line of text.split('\n')) if (line.length > 0) m.feedLine(counter, line, 'auto', tally);
  counter.end();
  return cpuMs() - t0;
}
let sink = 0;
function floor(): number {
  const t0 = cpuMs();
  for (const line of text.split('\n'))
    if (line.length > 0) sink += (JSON.parse(line) as { text?: string }).text?.length ?? 0;
  return cpuMs() - t0;
}
const times: Record<'floor' | 'this' | 'other', number[]> = { floor: [], this: [], other: [] };
for (let r = 0; r < rounds; r++) {
  times.floor.push(floor());
  times.this.push(core(ours, related));
  times.other.push(core(other, otherRelated));
}
const median = (a: number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1]!;
const f = median(times.floor);
for (const k of ['floor', 'this', 'other'] as const) {
  const m = median(times[k]);
  console.log(
    `${k.padEnd(6)} ${Math.round(n / (m / 1000))
      .toString()
      .padStart(9)} tweets/s  ${(f / m).toFixed(3)}× floor`,
  );
}
console.log(`this/other ${(median(times.other) / median(times.this)).toFixed(3)}`);
if (sink < 0) console.log(sink);
