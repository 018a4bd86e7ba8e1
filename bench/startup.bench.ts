import { spawn, spawnSync } from 'node:child_process';
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

async function once(): Promise<{ healthy: number; firstChart: number }> {
  const port = await freePort();
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'tagstream-bench-start-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, 'demo', '--port', String(port)], { cwd, stdio: 'ignore' });
  try {
    const url = `http://127.0.0.1:${port}`;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`tagstream demo exited with ${child.exitCode}`);
      const ok = await fetch(`${url}/api/health`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      if (performance.now() - t0 > 60_000) throw new Error('tagstream demo not healthy after 60 s');
      await sleep(20);
    }
    const healthy = performance.now();
    const socket = io(url, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('batch', () => resolve());
      setTimeout(() => reject(new Error('no batch within 30 s')), 30_000).unref();
    });
    const firstChart = performance.now();
    socket.disconnect();
    return { healthy: (healthy - t0) / 1000, firstChart: (firstChart - healthy) / 1000 };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    rmSync(cwd, { recursive: true, force: true });
  }
}

export async function benchStartup(opts: { runs: number }): Promise<StartupFigures> {
  const healthy: number[] = [];
  const chart: number[] = [];
  const tsx: number[] = [];
  for (let r = 0; r < opts.runs; r++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['--import', 'tsx', '-e', '0'], { cwd: ROOT, stdio: 'ignore' });
    tsx.push((performance.now() - t0) / 1000);
    const o = await once();
    healthy.push(o.healthy);
    chart.push(o.firstChart);
  }
  return {
    healthySeconds: round(median(healthy), 2),
    firstChartSeconds: round(median(chart), 2),
    tsxStartSeconds: round(median(tsx), 2),
    runs: opts.runs,
  };
}
