import { once } from 'node:events';
import net from 'node:net';
import type { BatchResult } from '@tagstream/protocol';
import { describe, expect, it } from 'vitest';
import { runTagstream } from './run-tagstream.ts';

describe('count over TCP from a plain-text source, like `nc -lk 9999`', { timeout: 60_000 }, () => {
  it('counts typed lines by arrival time and flushes when the source closes', async () => {
    const server = net.createServer((socket) => {
      // What someone types into nc: no JSON, no ids, punctuation around tags, a malformed JSON-looking line.
      socket.end('loving #Spark and #spark!\r\n#ether, #ETHER. #2026 is not a tag\n{"oops\nplain words\n');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as net.AddressInfo;
    const r = await runTagstream([
      'count',
      `tcp://127.0.0.1:${port}`,
      '--batch',
      '1h',
      '--window',
      '1h',
      '--json',
    ]);
    server.close();
    expect(r.code, r.stderr).toBe(0);
    const results = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as BatchResult);
    const first = results[0]!;
    expect(first.top.map((t) => [t.display, t.count])).toEqual([
      ['#ether', 1],
      ['#Spark', 1],
    ]);
    expect(first.stats).toMatchObject({ tweets: 3, tweetsWithTags: 2, malformed: 1 });
  });
});
