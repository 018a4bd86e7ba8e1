import os from 'node:os';
import { readFileSync } from 'node:fs';
import { benchCore, type CoreFigures } from './core.bench.ts';
import { benchCsv, type CsvFigures } from './csv.bench.ts';
import { benchCountProcess, type ProcessFigures } from './count-process.bench.ts';
import { benchFanout, type FanoutFigures } from './fanout.bench.ts';
import { machine, pythonVersion, round } from './measure.ts';
import { benchMemory, type MemoryFigures } from './memory.bench.ts';
import { benchScale, type ScaleFigures } from './scale.bench.ts';
import { benchScaleFanout, type ScaleFanoutFigures } from './scale-fanout.bench.ts';
import { benchScan, type ScanFigures } from './scan.bench.ts';
import { benchStartup, startupRows, type StartupFigures } from './startup.bench.ts';
import { benchTcp, type TcpFigures } from './tcp.bench.ts';
import { benchTrackers, type TrackersFigures } from './trackers.bench.ts';
import { benchWeb, type WebFigures } from './web.bench.ts';
import type { WorkloadKind } from './workloads.ts';

/**
 * `npm run bench [-- --quick] [-- --json] [-- --only core,scan,tcp,…] [-- --no-build]`: every
 * benchmark, each with its baseline measured in the same run, printed as a table (or, with
 * --json, as one JSON object on stdout; progress goes to stderr). Use `npm run -s bench -- --json`
 * to keep npm's banner out of stdout. Throughputs are per CPU second of the measuring process
 * (see measure.ts: this machine is shared), wall-clock figures are reported beside them.
 * `--from FILE` prints the tables of a report saved with --json instead of measuring.
 */
const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(`--${name}`);
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg
  ? new Set((onlyArg.includes('=') ? onlyArg.split('=')[1]! : args[args.indexOf(onlyArg) + 1]!).split(','))
  : null;
const quick = flag('quick');
const json = flag('json');
const wants = (name: string): boolean => only === null || only.has(name);
const progress = (msg: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
};

const python = pythonVersion();
const TARGETS = {
  coreTweetsPerSec: 1_000_000,
  coreRatio: 0.8,
  fanoutP99Ms: 50,
  memoryRssMiB: 300,
  webJsGzipKiB: 250,
  startToChartSeconds: 5,
};

interface Report {
  machine: ReturnType<typeof machine> & { python: string | null; quick: boolean };
  core?: CoreFigures & { workloads: CoreFigures[]; distinctTags: CoreFigures[]; process: ProcessFigures };
  scan?: ScanFigures;
  tcp?: TcpFigures;
  csv?: CsvFigures;
  fanout?: FanoutFigures;
  memory?: MemoryFigures;
  trackers?: TrackersFigures;
  web?: WebFigures;
  startup?: StartupFigures;
  scale?: ScaleFigures;
  scaleFanout?: ScaleFanoutFigures;
  targets: typeof TARGETS;
}

const fromArg = args.find((a) => a.startsWith('--from'));
if (fromArg !== undefined) {
  const file = fromArg.includes('=') ? fromArg.split('=')[1]! : args[args.indexOf(fromArg) + 1]!;
  printTables(JSON.parse(readFileSync(file, 'utf8')) as Report);
  process.exit(0);
}

const report: Report = { machine: { ...machine(), python, quick }, targets: TARGETS };

if (wants('core')) {
  const rounds = quick ? 3 : 5;
  const sizes: Record<WorkloadKind, number> = quick
    ? { normalized: 200_000, 'normalized+tags': 200_000, v2: 20_000, v1: 40_000 }
    : { normalized: 1_000_000, 'normalized+tags': 1_000_000, v2: 60_000, v1: 120_000 };
  const workloads: CoreFigures[] = [];
  for (const kind of ['normalized', 'normalized+tags', 'v2', 'v1'] as WorkloadKind[]) {
    progress(`core: ${sizes[kind]} ${kind} lines, ${rounds} rounds`);
    workloads.push(
      benchCore({ kind, lines: sizes[kind], distinct: 10_000, rounds, python: python !== null }),
    );
  }
  const distinctTags: CoreFigures[] = [];
  for (const distinct of [10, 1_000, 100_000, 1_000_000]) {
    progress(`core: distinct tags ${distinct}`);
    distinctTags.push(
      benchCore({
        kind: 'normalized',
        lines: quick ? 200_000 : 1_000_000,
        distinct,
        rounds: 3,
        python: false,
      }),
    );
  }
  const processLines = quick ? 200_000 : 600_000;
  progress(
    `core: whole processes (tagstream count FILE --json, the floor) on ${processLines} normalized lines`,
  );
  const whole = benchCountProcess({ tweets: processLines, rounds: quick ? 3 : 5 });
  report.core = { ...workloads[0]!, workloads, distinctTags, process: whole };
}
if (wants('scan')) {
  const rounds = quick ? 3 : 5;
  const normalized = quick ? 200_000 : 600_000;
  const v2 = quick ? 20_000 : 60_000;
  progress(
    `scan: the byte path vs the floor and the string path, ${normalized} normalized and ${v2} v2 lines, ${rounds} rounds`,
  );
  report.scan = benchScan({ normalizedLines: normalized, v2Lines: v2, rounds });
}
if (wants('tcp')) {
  progress('tcp: ingestor replay → TCP → core');
  report.tcp = await benchTcp({ tweets: quick ? 100_000 : 400_000, distinct: 10_000, rounds: 3 });
}
if (wants('csv')) {
  progress('csv: our CSV tokenizer against csv-parse, on the demo recording written as CSV');
  report.csv = await benchCsv({ copies: quick ? 1 : 3, rounds: quick ? 3 : 5 });
}
if (wants('fanout')) {
  const clients = quick ? 250 : 1000;
  progress(`fanout: ${clients} socket.io clients`);
  report.fanout = await benchFanout({ clients, processes: 4, rounds: quick ? 10 : 40 });
}
if (wants('memory')) {
  progress('memory: child processes (idle, retention, flood)');
  report.memory = benchMemory(
    quick
      ? { minutes: 10, floodMinutes: 12, floodPerSec: 2000 }
      : { minutes: 60, floodMinutes: 14, floodPerSec: 3000 },
  );
}
if (wants('trackers')) {
  progress('trackers: child processes with 0, 1, 5 and 10 trackers');
  report.trackers = benchTrackers(quick ? { minutes: 3, perSec: 2000 } : { minutes: 11, perSec: 5000 });
}
if (wants('web')) {
  progress('web: gzip size of the dashboard');
  report.web = benchWeb({ build: !quick && !flag('no-build') });
}
if (wants('startup')) {
  progress('startup: tagstream demo → healthy → first chart');
  report.startup = await benchStartup({ runs: quick ? 1 : 3 });
}

if (wants('scale')) {
  progress('scale: tagstream work on Redis, 1 and 2 workers, alternating');
  report.scale = await benchScale({ tweets: quick ? 50_000 : 200_000, rounds: quick ? 1 : 3 });
  const clients = quick ? 200 : 1000;
  progress(`scale: ${clients} socket.io clients on 1 web node, then on 2, then on a bare socket.io server`);
  report.scaleFanout = await benchScaleFanout({ clients, rounds: quick ? 8 : 15 });
}

if (json) {
  console.log(JSON.stringify(report));
} else {
  printTables(report);
}

function printTables(r: Report): void {
  const m = r.machine;
  console.log(
    `machine: ${m.cpu}, ${m.cores} cores, node ${m.node}, ${m.python ?? 'no python3'}, load ${m.loadavg.join(' ')}${m.quick ? ' (quick run)' : ''}`,
  );
  console.log(
    'throughputs are per CPU second of the measuring process; "wall" columns per wall-clock second\n',
  );
  const fmt = (x: number | null | undefined): string =>
    x == null ? '—' : Math.round(x).toLocaleString('en');
  if (r.core) {
    console.log(
      'Core: line bytes → feedBytes (byte-level reader, or parseLine where it declines) → counting session → top K (one thread)',
    );
    console.table(
      Object.fromEntries(
        r.core.workloads.map((w) => [
          `${w.workload} (~${w.bytesPerLine} B)`,
          {
            'ours/s': fmt(w.tweetsPerSec),
            'floor/s (split+JSON.parse)': fmt(w.parseFloorPerSec),
            'ours÷floor': w.ratio,
            'from strings/s': fmt(w.stringsPerSec),
            'PySpark port TS/s': fmt(w.pysparkPortPerSec),
            'ours÷port': round(w.tweetsPerSec / w.pysparkPortPerSec, 2),
            'Python/s': fmt(w.pythonPerSec),
            'ours÷Python': w.pythonPerSec ? round(w.tweetsPerSec / w.pythonPerSec, 2) : '—',
            'ours wall/s': fmt(w.wallTweetsPerSec),
          },
        ]),
      ),
    );
    console.table(
      Object.fromEntries(
        r.core.distinctTags.map((w) => [
          `${w.distinct.toLocaleString('en')} distinct tags`,
          {
            'ours/s': fmt(w.tweetsPerSec),
            'floor/s': fmt(w.parseFloorPerSec),
            'ours÷floor': w.ratio,
            'ours÷port': round(w.tweetsPerSec / w.pysparkPortPerSec, 2),
          },
        ]),
      ),
    );
    const p = r.core.process;
    console.log(`Whole processes on ${fmt(p.tweets)} normalized lines (median CPU seconds of ${p.rounds})`);
    console.table({
      'tagstream count FILE --json (bundled)': {
        'CPU s': p.countCpu,
        'tweets/s': fmt(p.countPerSec),
        'vs floor': p.countVsFloor,
      },
      'floor: read, split, JSON.parse': {
        'CPU s': p.floorCpu,
        'tweets/s': fmt(p.floorPerSec),
        'vs floor': 1,
      },
      'node -e 0': { 'CPU s': p.startupCpu, 'tweets/s': '—', 'vs floor': '—' },
      'tagstream count on an empty file': { 'CPU s': p.countStartupCpu, 'tweets/s': '—', 'vs floor': '—' },
    });
    console.log(
      `target: ≥ ${fmt(TARGETS.coreTweetsPerSec)}/s and ≥ ${TARGETS.coreRatio}× floor, whole process — tagstream count: ${fmt(p.countPerSec)}/s of CPU time, ${p.countVsFloor}× (wall ${p.countWall} s); in-process on normalized lines: ${fmt(r.core.tweetsPerSec)}/s, ${r.core.ratio}×\n`,
    );
  }
  if (r.scan) printScan(r.scan);
  if (r.tcp) {
    console.log('TCP: ingestor replay at max speed → TCP → TcpLineSource → core (both ends in one process)');
    console.table({
      'ours: offsets, bytes to the byte splitter': {
        'tweets/s': fmt(r.tcp.tweetsPerSec),
        'wall/s': fmt(r.tcp.wallTweetsPerSec),
        'vs floor': r.tcp.ratio,
      },
      'before: offsets, a string per line to feedLine': {
        'tweets/s': fmt(r.tcp.linesPerSec),
        'wall/s': '',
        'vs floor': round(r.tcp.linesPerSec / r.tcp.parseFloorPerSec, 3),
      },
      'floor: same replay into JSON.parse only': {
        'tweets/s': fmt(r.tcp.parseFloorPerSec),
        'wall/s': fmt(r.tcp.wallParseFloorPerSec),
        'vs floor': 1,
      },
    });
    const c = r.tcp.consumer;
    console.log(
      `the consumer's side alone (the ${fmt(c.chunks)} chunks of one replay fed again in-process, alternating): bytes ${fmt(c.bytes)}/s, strings ${fmt(c.lines)}/s, split + JSON.parse ${fmt(c.floor)}/s; bytes ÷ floor ${c.bytesVsFloor}, bytes ÷ strings ${c.bytesVsLines}\n`,
    );
  }
  if (r.csv) {
    console.log(
      'CSV: samples/demo.jsonl.gz written as CSV recordings → tweet rows (the same rows from every contender)',
    );
    console.table(
      Object.fromEntries(
        r.csv.layouts.map((l) => [
          `${l.layout} (${fmt(l.rows)} rows, ${l.columns} columns, ~${l.bytesPerRow} B)`,
          {
            'ours/s': fmt(l.oursPerSec),
            'csv-parse stream/s': fmt(l.csvParseStreamPerSec),
            'csv-parse sync/s': fmt(l.csvParseSyncPerSec),
            'sync, no line numbers/s': fmt(l.csvParseSyncNoLinesPerSec),
            'stream÷ours': l.streamRatio,
            'same rows': l.sameRows,
          },
        ]),
      ),
    );
    const cap = r.csv.cap;
    console.log(
      `a 2 MiB record under a 1 MiB cap, then 1,000 rows: ours reads ${fmt(cap.oursTweetsAfter)} of them; csv-parse with max_record_size ${fmt(cap.csvParseCappedTweetsAfter)}; csv-parse without a cap holds the ${cap.csvParseUncappedHeldMiB} MiB field whole\n`,
    );
  }
  if (r.fanout) {
    const f = r.fanout;
    console.log(
      `Fan-out: batch close → receipt, ${f.clients} socket.io clients in ${f.processes} processes connected to both servers, ${f.results} results each, rounds alternating; a result is ${fmt(f.frameBytes)} bytes of JSON`,
    );
    console.table({
      'ours (startServer)': {
        p50: f.p50Ms,
        p99: f.p99Ms,
        max: f.maxMs,
        missed: f.missed,
        'emit ms': f.emitMs,
        'heap KiB/client': f.heapKiBPerClient,
      },
      'bare socket.io emit': {
        p50: f.baseline.p50Ms,
        p99: f.baseline.p99Ms,
        max: f.baseline.maxMs,
        missed: f.baseline.missed,
        'emit ms': f.baseline.emitMs,
        'heap KiB/client': f.baseline.heapKiBPerClient,
      },
    });
    console.log(
      `target: p99 ≤ 1.1× the bare server's (and < ${TARGETS.fanoutP99Ms} ms from other machines) with 1,000 clients — ${f.p99Ms} ms, ${f.p99VsBaseline}× the bare server's p99 (p50 ${f.p50VsBaseline}×)\n`,
    );
  }
  if (r.memory) {
    const mem = r.memory;
    console.log(
      'Memory (fresh child processes, bundled, run as the image runs the services: --max-semi-space-size=4, MALLOC_ARENA_MAX=2)',
    );
    console.table({
      [`retention 1 h, ${mem.minutes} min of tweets at 5,000/s`]: {
        'RSS MiB': mem.peakRssMiB ? `${mem.rssMiB} (peak ${mem.peakRssMiB})` : mem.rssMiB,
        'heap MiB': `${mem.heapMiB} (of ${mem.heapTotalMiB ?? '?'} reserved; ${mem.arrayBuffersMiB ?? '?'} in typed arrays)`,
        'vs idle process': round(mem.rssMiB / mem.baselineRssMiB, 2),
        'MiB per minute (2nd half)': mem.rssMiBPerMinute,
      },
      'the same, Node and glibc defaults': {
        'RSS MiB': mem.rssDefaultsMiB ? `${mem.rssDefaultsMiB} (peak ${mem.peakRssDefaultsMiB})` : '—',
        'heap MiB': '—',
        'vs idle process': mem.rssDefaultsMiB ? round(mem.rssDefaultsMiB / mem.baselineRssMiB, 2) : '—',
        'MiB per minute (2nd half)': '—',
      },
      [`flood: ${fmt(mem.flood.uniqueTags)} unique tags in ${mem.flood.minutes} min`]: {
        'RSS MiB': mem.flood.rssMiB,
        'heap MiB': '—',
        'vs idle process': round(mem.flood.rssMiB / mem.baselineRssMiB, 2),
        'MiB per minute (2nd half)': `${mem.flood.rssGrowthAfterRetentionMiB} MiB after minute 11`,
      },
      'idle process (baseline, bundled as npm start runs it)': {
        'RSS MiB': mem.baselineRssMiB,
        'heap MiB': '—',
        'vs idle process': 1,
        'MiB per minute (2nd half)': '—',
      },
      'idle process through tsx (for comparison)': {
        'RSS MiB': mem.tsxBaselineRssMiB ?? '—',
        'heap MiB': '—',
        'vs idle process': mem.tsxBaselineRssMiB ? round(mem.tsxBaselineRssMiB / mem.baselineRssMiB, 2) : '—',
        'MiB per minute (2nd half)': '—',
      },
    });
    console.log(
      `target: < ${TARGETS.memoryRssMiB} MiB for 60 min — ${mem.rssMiB} MiB after ${mem.minutes} min; flood overflow ${fmt(mem.flood.overflow)} (caps ${fmt(mem.flood.maxKeysPerBatch)} keys/batch, ${fmt(mem.flood.maxTotalKeys)} totals)\n`,
    );
  }
  if (r.trackers) {
    const t = r.trackers;
    console.log(
      `Trackers: the server's trackers side by side, ${t.minutes} min of tweet time at ${fmt(t.perSec)} tweets/s (${fmt(t.tweets)} tweets), fresh bundled child processes run as the image runs the services; the row without trackers is the baseline of the same run`,
    );
    console.table(
      Object.fromEntries(
        t.rows.map((row) => [
          row.trackers === 0
            ? 'no trackers (baseline)'
            : `${row.trackers} tracker${row.trackers === 1 ? '' : 's'}, each ${row.kind === 'all' ? 'matching every tweet' : `on a topic (${Math.round(row.share * 100)} % of tweets)`}`,
          {
            'RSS MiB': row.rssMiB,
            'heap MiB': row.heapMiB,
            'RSS MiB/tracker': row.rssMiBPerTracker ?? '—',
            'heap MiB/tracker': row.heapMiBPerTracker ?? '—',
            'CPU s per M lines': row.cpuSecPerMillion,
            'CPU vs baseline': row.cpuVsBaseline,
          },
        ]),
      ),
    );
    console.log('');
  }
  if (r.web) {
    console.log(
      `Web: dashboard JS, gzip ${r.web.jsGzipKiB} KiB (raw ${r.web.jsRawKiB} KiB; our own code ${r.web.ownGzipKiB} KiB)`,
    );
    console.table(r.web.chunks);
    console.log(
      `target: < ${TARGETS.webJsGzipKiB} KiB — ${r.web.jsGzipKiB} KiB (${round(r.web.jsGzipKiB / TARGETS.webJsGzipKiB, 2)}× the target)${r.web.buildSeconds !== null ? `; build:web took ${r.web.buildSeconds} s` : ''}\n`,
    );
  }
  if (r.scale) {
    const s = r.scale;
    console.log(
      `Scale-out on Redis: ${fmt(s.tweets)} tweets (${s.results} results) from the lines stream to the last result; wall clock, median; load average ${s.loadavg[0]} → ${s.loadavg[1]} on ${os.availableParallelism()} cores`,
    );
    console.table(
      s.contenders.map((c) => ({
        contender: `${c.workers} worker${c.workers > 1 ? 's' : ''}${c.merge ? ', --merge' : ''}`,
        'tweets/s': fmt(c.perSec),
        'vs 1 worker': round(c.perSec / s.oneWorkerPerSec, 2),
        'emitting worker CPU s/100k': c.emitterCpu,
        'other worker CPU s/100k': c.otherCpu ?? '',
      })),
    );
  }
  if (r.scaleFanout) {
    const f = r.scaleFanout;
    console.log(
      `Scale-out fan-out: result appended to Redis → batch in each client, ${fmt(f.clients)} socket.io clients, ${f.results} results each; load average ${f.loadavg[0]} → ${f.loadavg[1]} on ${os.availableParallelism()} cores`,
    );
    const row = (l: (typeof f)['baseline']) => ({
      p50: l.p50Ms,
      p99: l.p99Ms,
      max: l.maxMs,
      missed: l.missed,
      'p99 vs bare': round(l.p99Ms / f.baseline.p99Ms, 2),
    });
    console.table({
      [`1 web node × ${fmt(f.clients)}`]: row(f.oneNode),
      [`2 web nodes × ${fmt(f.clients / 2)}`]: row(f.twoNodes),
      [`bare socket.io × ${fmt(f.clients)}`]: row(f.baseline),
    });
  }
  if (r.startup) {
    const s = r.startup;
    console.log(`Startup (median of ${s.runs})`);
    console.table(startupRows(s));
  }
}

function printScan(scan: ScanFigures): void {
  const fmt = (x: number): string => Math.round(x).toLocaleString('en');
  console.log(`Byte path (issue 19): tweets per CPU second, contenders alternating (${scan.rounds} rounds)`);
  console.table(
    Object.fromEntries(
      scan.workloads.map((w) => [
        `${w.workload} (~${w.bytesPerLine} B, ${fmt(w.lines)} lines)`,
        {
          'floor/s': fmt(w.floorPerSec),
          'floor from bytes/s': fmt(w.floorFromBytesPerSec),
          'reader/s': fmt(w.scannerPerSec),
          'core from bytes/s': fmt(w.bytesPerSec),
          'core from strings/s': fmt(w.stringsPerSec),
          'read by bytes': w.readByBytes,
        },
      ]),
    ),
  );
  console.table(
    Object.fromEntries(
      scan.workloads.map((w) => [
        w.workload,
        {
          'reader÷floor': w.scannerVsFloor,
          'bytes÷floor': w.bytesVsFloor,
          'bytes÷floor from bytes': w.bytesVsFloorFromBytes,
          'bytes÷strings': w.bytesVsStrings,
          'strings÷floor': w.stringsVsFloor,
        },
      ]),
    ),
  );
  console.log('');
}
