import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { AllowList } from '@tagstream/access';
import type { Snapshot } from '@tagstream/protocol';
import Fastify from 'fastify';
import { attachSocketServer } from '../apps/server/src/realtime/socket-server.ts';
import { cpuSeconds, median, round } from './measure.ts';
import { sampleResult } from './sample-result.ts';

/**
 * `tsx bench/resync-snapshot.ts [clients] [rounds]`: what the server spends when every dashboard
 * needs a new snapshot at once (a new replay begins, the trackers change): CPU seconds of this
 * process (the server) from the resync until every client has its snapshot, with a snapshot
 * holding 60 results, as the server keeps for a dashboard's history.
 */
const HERE = path.dirname(fileURLToPath(import.meta.url));
const clients = Number(process.argv[2] ?? 1000);
const rounds = Number(process.argv[3] ?? 5);

const history = Array.from({ length: 60 }, (_, i) => sampleResult(i));
const snapshot: Snapshot = {
  settings: { batchMs: 10_000, windowMs: 20_000, slideMs: 10_000, topK: 10, retweets: true, related: 5 },
  latest: history.at(-1)!,
  history,
  source: { kind: 'tcp', address: 'tcp://127.0.0.1:1', connected: true, tweetsPerSec: 0, state: 'connected' },
  keywords: [],
  tracker: 'everything',
  trackers: [],
  voice: null,
};

const app = Fastify();
const sockets = attachSocketServer(app, {
  snapshot: () => snapshot,
  allowList: new AllowList({ listenHost: '127.0.0.1' }),
  minIntervalMs: 200,
});
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const children = Array.from({ length: 4 }, () =>
  fork(path.join(HERE, 'resync-snapshot-client.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  }),
);
const per = Math.ceil(clients / children.length);
await Promise.all(
  children.map(async (c, i) => {
    c.send({ url, clients: Math.min(per, clients - i * per) });
    await once(c, 'message');
  }),
);
console.log(
  `${clients} clients connected; a snapshot is ${Math.round(JSON.stringify(snapshot).length / 1024)} KiB of JSON`,
);
const cpu: number[] = [];
const wall: number[] = [];
for (let r = 0; r < rounds; r++) {
  const got = Promise.all(children.map((c) => once(c, 'message')));
  const c0 = cpuSeconds();
  const w0 = performance.now();
  sockets.resync();
  await got;
  cpu.push(cpuSeconds() - c0);
  wall.push((performance.now() - w0) / 1000);
}
console.log(
  `resync → every client has its snapshot: ${round(median(cpu), 3)} CPU s of the server, ${round(median(wall), 3)} s wall (median of ${rounds})`,
);
for (const c of children) c.kill();
await app.close();
