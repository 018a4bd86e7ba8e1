import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';
import { median, round } from './measure.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'apps/cli/bin/tagstream.js');

export interface StartupFigures {
  /** `tagstream demo` spawned → GET /api/health answers 200, median seconds. */
  healthySeconds: number;
  /** Healthy → the first `batch` event reaches a socket.io client (the chart's first move), median seconds. */
  firstChartSeconds: number;
  /** `tagstream demo` spawned → the first `batch` event, median seconds. */
  demoToChartSeconds: number;
  /**
   * `npm start` (its prestart finding the dashboard built, as on every start after the first) →
   * the first `batch` event, median seconds: what DESIGN.md §10's "moving chart within 5 s" measures.
   */
  npmStartToChartSeconds: number;
  /** The baseline: `node --import tsx -e 0` spawned → exited (what any start through tsx costs), median seconds. */
  tsxStartSeconds: number;
  runs: number;
}

async function freePort(): Promise<number> {
  const srv = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

interface Timeline {
  healthy: number;
  firstChart: number;
}

/** Seconds from `t0` to health answering and to the first `batch` event of the stack at `port`. */
async function watch(child: ChildProcess, port: number, t0: number): Promise<Timeline> {
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the demo exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (performance.now() - t0 > 60_000) throw new Error('the demo is not healthy after 60 s');
    await sleep(20);
  }
  const healthy = performance.now();
  const socket = io(url, { transports: ['websocket'], reconnection: false });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('batch', () => resolve());
      setTimeout(() => reject(new Error('no batch within 30 s')), 30_000).unref();
    });
  } finally {
    socket.disconnect();
  }
  return { healthy: (healthy - t0) / 1000, firstChart: (performance.now() - t0) / 1000 };
}

async function stop(child: ChildProcess, group: boolean): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  // npm runs the demo through a shell: the whole process group gets the signal, as Ctrl-C would send it.
  if (group) process.kill(-child.pid!, 'SIGTERM');
  else child.kill('SIGTERM');
  await exited;
}

async function demoOnce(): Promise<Timeline> {
  const port = await freePort();
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'tagstream-bench-start-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, 'demo', '--port', String(port)], { cwd, stdio: 'ignore' });
  try {
    return await watch(child, port, t0);
  } finally {
    await stop(child, false);
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** `npm start -- --port N` in the repository, as README tells a newcomer (port aside). */
async function npmStartOnce(): Promise<Timeline> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn('npm', ['start', '--', '--port', String(port)], {
    cwd: ROOT,
    stdio: 'ignore',
    detached: true,
  });
  try {
    return await watch(child, port, t0);
  } finally {
    await stop(child, true);
  }
}

export async function benchStartup(opts: { runs: number }): Promise<StartupFigures> {
  // The npm start row measures a start with the dashboard already built: build it now if it is not.
  const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-web-if-stale.mjs')], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  if (built.status !== 0) throw new Error('building the dashboard failed: run npm run build:web');
  const healthy: number[] = [];
  const chart: number[] = [];
  const demoTotal: number[] = [];
  const npmStart: number[] = [];
  const tsx: number[] = [];
  for (let r = 0; r < opts.runs; r++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['--import', 'tsx', '-e', '0'], { cwd: ROOT, stdio: 'ignore' });
    tsx.push((performance.now() - t0) / 1000);
    const o = await demoOnce();
    healthy.push(o.healthy);
    chart.push(o.firstChart - o.healthy);
    demoTotal.push(o.firstChart);
    npmStart.push((await npmStartOnce()).firstChart);
  }
  return {
    healthySeconds: round(median(healthy), 2),
    firstChartSeconds: round(median(chart), 2),
    demoToChartSeconds: round(median(demoTotal), 2),
    npmStartToChartSeconds: round(median(npmStart), 2),
    tsxStartSeconds: round(median(tsx), 2),
    runs: opts.runs,
  };
}

/** The rows of the startup table, as `bench/run.ts` prints them. */
export function startupRows(s: StartupFigures): Record<string, { seconds: number }> {
  return {
    'tagstream demo → /api/health 200': { seconds: s.healthySeconds },
    'healthy → first batch event': { seconds: s.firstChartSeconds },
    'tagstream demo → first batch event': { seconds: s.demoToChartSeconds },
    'npm start (dashboard built) → first batch': { seconds: s.npmStartToChartSeconds },
    'baseline: node --import tsx -e 0': { seconds: s.tsxStartSeconds },
  };
}

// `npx tsx bench/startup.bench.ts [runs]`: this benchmark alone.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const runs = Number(process.argv[2] ?? 3);
  const s = await benchStartup({ runs });
  console.log(`Startup (median of ${s.runs})`);
  console.table(startupRows(s));
}
