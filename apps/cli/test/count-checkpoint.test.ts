import { once } from 'node:events';
import { access, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BatchResult } from '@tagstream/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, spawnTagstream } from './run-tagstream.ts';

/** A line source that serves one scripted session per connection, like an ingestor across restarts. */
async function scriptedSource(
  sessions: string[][],
): Promise<{ port: number; close: () => Promise<void>; sockets: net.Socket[] }> {
  const sockets: net.Socket[] = [];
  let n = 0;
  const server = net.createServer((socket) => {
    sockets.push(socket);
    const lines = sessions[n++] ?? [];
    socket.on('error', () => undefined);
    // It reads what the consumer sends (count's request line) and ignores it, as nc does: a source
    // that knows nothing of offsets. (One that closed with the request unread would reset the connection.)
    socket.resume();
    socket.write(lines.join('\n') + '\n');
    // The last session ends the stream; earlier ones stay open until the consumer dies.
    if (n === sessions.length) socket.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    sockets,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const TAGS = ['Ether', 'btc', 'Café', '東京', 'news', 'ai'];

/** 20 one-second batches of tweets, a watermark after each, deterministic. */
function streamLines(): string[] {
  const lines: string[] = [];
  let id = 1000;
  for (let s = 0; s < 20; s++) {
    for (let i = 0; i < 5 + (s % 4); i++) {
      const tags = [TAGS[(s + i) % TAGS.length]!, TAGS[(s * i) % TAGS.length]!];
      lines.push(
        JSON.stringify({
          id: String(id++),
          created_at: new Date(T0 + s * 1000 + i * 100).toISOString(),
          text: `t #${tags[0]} #${tags[1]}`,
        }),
      );
    }
    lines.push(JSON.stringify({ watermark: new Date(T0 + (s + 1) * 1000).toISOString() }));
  }
  return lines;
}

const FLAGS = ['--batch', '1s', '--window', '3s', '--json'];
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tagstream-count-ckpt-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const parse = (stdout: string): BatchResult[] =>
  stdout
    .trim()
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as BatchResult)
    .map((r) => ({ ...r, stats: { ...r.stats, processingMs: 0 } }));

describe('count over TCP resumes from its checkpoint after being killed', { timeout: 90_000 }, () => {
  it('gives the same results as an uninterrupted run', async () => {
    const all = streamLines();
    const whole = await scriptedSource([all]);
    const direct = await finished(spawnTagstream(['count', `tcp://127.0.0.1:${whole.port}`, ...FLAGS]));
    await whole.close();
    expect(direct.code, direct.stderr).toBe(0);
    const expected = parse(direct.stdout);
    expect(expected.length).toBeGreaterThan(15);

    const half = Math.floor(all.length / 2);
    // After the restart the source re-sends its newest lines (as the ingestor does), then the rest.
    const source = await scriptedSource([all.slice(0, half), all.slice(half - 20)]);
    const checkpoint = path.join(dir, 'count.ckpt.gz');
    const args = [
      'count',
      `tcp://127.0.0.1:${source.port}`,
      ...FLAGS,
      '--checkpoint',
      checkpoint,
      '--checkpoint-every',
      '1',
    ];

    const first = spawnTagstream(args);
    const firstDone = finished(first);
    let out1 = '';
    first.stdout!.on('data', (d: Buffer) => (out1 += d.toString()));
    while (parse(out1).length < 5 || !(await exists(checkpoint))) await new Promise((r) => setTimeout(r, 20));
    first.kill('SIGKILL');
    await firstDone;

    const second = await finished(spawnTagstream(args));
    await source.close();
    expect(second.code, second.stderr).toBe(0);

    const bySeq = new Map<number, BatchResult>();
    for (const r of [...parse(out1), ...parse(second.stdout)]) {
      const seen = bySeq.get(r.seq);
      // A result emitted after the last checkpoint is emitted again after the restart: identically.
      if (seen) expect(r).toEqual(seen);
      bySeq.set(r.seq, r);
    }
    // Same windows, tops and totals; the only difference is that the re-sent lines show up as duplicates.
    const withoutDuplicates = (rs: BatchResult[]): BatchResult[] =>
      rs.map((r) => ({ ...r, stats: { ...r.stats, duplicates: 0 } }));
    expect(withoutDuplicates([...bySeq.values()].sort((a, b) => a.seq - b.seq))).toEqual(
      withoutDuplicates(expected),
    );
    expect(parse(second.stdout).reduce((n, r) => n + r.stats.duplicates, 0)).toBeGreaterThan(0);
  });
});

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
