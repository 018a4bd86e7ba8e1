import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type {
  BatchResult,
  ClientToServerEvents,
  ServerToClientEvents,
  Snapshot,
  TagDetail,
} from '@tagstream/protocol';
import { startTestRedis, type TestRedis } from '@tagstream/redis/testing';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparable, countRecording, getJson } from '../chaos/support/compare.ts';
import { killAll } from '../chaos/support/processes.ts';
import { demoRecording } from '../chaos/support/recordings.ts';
import { ingestToRedis, inProcessWebNode, untilResults, worker } from './support.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A dashboard's view: the snapshots and batches it got, in order. */
class Viewer {
  readonly batches: BatchResult[] = [];
  readonly snapshots: Snapshot[] = [];
  socket: Client;
  constructor(url: string) {
    this.socket = this.open(url);
  }
  open(url: string): Client {
    const s: Client = connect(url, { transports: ['websocket'], reconnection: false });
    s.on('batch', (r) => this.batches.push(r));
    s.on('snapshot', (snap) => this.snapshots.push(snap));
    return s;
  }
  async until(test: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The drill-down of the leader of the latest batch the viewer got, once a node has it. */
async function leadersDrillDown(nodeUrl: string, viewer: Viewer): Promise<TagDetail> {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
    const leader = viewer.batches.at(-1)?.top[0];
    if (leader !== undefined) {
      const res = await fetch(`${nodeUrl}/api/tags/${encodeURIComponent(leader.display)}`);
      if (res.status === 200) {
        const detail = (await res.json()) as TagDetail;
        expect(detail.tag).toBe(leader.tag);
        return detail;
      }
      await res.body?.cancel();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no drill-down of a leader within 20 s');
}

describe('tagstream serve --redis: stateless web nodes', () => {
  let redis: TestRedis;
  let dir: string;
  beforeAll(async () => {
    redis = await startTestRedis();
    dir = mkdtempSync(path.join(tmpdir(), 'tagstream-nodes-'));
  });
  afterAll(async () => {
    killAll();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two nodes each deliver the batches to their clients; a client of a node that dies gets a snapshot from the other', async () => {
    const recording = path.join(dir, 'one-minute.jsonl.gz');
    await demoRecording(recording, 1);
    const expected = await countRecording(recording);
    const node = () => inProcessWebNode(redis.url);
    const [a, b] = await Promise.all([node(), node()]);
    const onA = new Viewer(a.url);
    const onB = new Viewer(b.url);
    await onA.until(() => onA.snapshots.length === 1 && onB.snapshots.length === 1, 'the first snapshots');

    worker(redis.url, 'w1');
    worker(redis.url, 'w2');
    ingestToRedis(recording, redis.url, '10');
    await onA.until(() => onA.batches.length >= 3 && onB.batches.length >= 3, 'three batches on each node');
    // A leader's drill-down, as the emitter writes it (at most every second) for the tags people can click.
    const detail = await leadersDrillDown(b.url, onB);
    expect(detail.samples.length).toBeGreaterThan(0);
    expect(detail.series.length).toBeGreaterThan(0);

    // Node A goes away; its dashboard comes back through node B (as behind a load balancer).
    await a.app.close();
    await onA.until(() => onA.socket.disconnected, 'the disconnect');
    onA.socket = onA.open(b.url);
    await onA.until(() => onA.snapshots.length === 2, 'a snapshot from node B');
    expect(onA.snapshots[1]!.latest).not.toBeNull();

    const results = await untilResults(redis.url, expected.length, 90_000);
    expect(comparable(results)).toEqual(comparable(expected));
    const last = results.at(-1)!;
    for (const v of [onA, onB]) await v.until(() => v.batches.at(-1)?.seq === last.seq, 'the last batch');
    // Each batch once, in order, each the stream's result of that seq. A client still busy with an
    // earlier batch gets only the newest once it has caught up, as in the single process
    // (socket-server.ts): results the emitter writes in one burst may reach it as one.
    const bySeq = new Map(results.map((r) => [r.seq, r]));
    for (const v of [onA, onB]) {
      const seqs = v.batches.map((r) => r.seq);
      expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y));
      expect(comparable(v.batches)).toEqual(comparable(seqs.map((q) => bySeq.get(q)!)));
    }

    // The REST API reads the same results.
    const top = await getJson<BatchResult>(`${b.url}/api/top`);
    expect(comparable([top])).toEqual(comparable([last]));
    expect((await fetch(`${b.url}/api/tags/never_seen_here`)).status).toBe(404);
    const health = await getJson<{ status: string; redis: { connected: boolean } }>(`${b.url}/api/health`);
    expect(health).toMatchObject({ status: 'ok', redis: { connected: true } });
    onA.socket.close();
    onB.socket.close();
    await b.app.close();
  }, 150_000);
});
