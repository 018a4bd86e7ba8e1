import { once } from 'node:events';
import net from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpLineSource } from './tcp-line-source.ts';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0).reverse()) close();
});

/** Turns the real event loop until `ok` holds (lines crossing a real socket). */
async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; !ok(); i++) {
    if (i > 50_000) throw new Error('never happened');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function connectedSource(): Promise<{ peer: net.Socket; lines: string[]; source: TcpLineSource }> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const connection = once(server, 'connection');
  const lines: string[] = [];
  const source = new TcpLineSource({
    address: { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port },
    logger: pino({ level: 'silent' }),
    events: {
      line: (l) => lines.push(l),
      oversized: () => undefined,
      status: () => undefined,
      end: () => undefined,
    },
  });
  source.start();
  const [peer] = (await connection) as [net.Socket];
  closers.push(
    () => server.close(),
    () => peer.destroy(),
    () => source.stop(),
  );
  return { peer, lines, source };
}

describe('TcpLineSource', () => {
  it('reads nothing while held; what arrived meanwhile is handled in order on release', async () => {
    const { peer, lines, source } = await connectedSource();
    peer.write('a\nb\n');
    await until(() => lines.length === 2);
    const release = source.hold();
    const many = Array.from({ length: 20_000 }, (_, i) => `line ${i}`);
    peer.write(many.join('\n') + '\n');
    // Long enough for the bytes to cross and be read, were they read.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lines).toEqual(['a', 'b']);
    release();
    release();
    await until(() => lines.length === 2 + many.length);
    expect(lines).toEqual(['a', 'b', ...many]);
  });

  it('reads what waits in the socket a chunk per turn of the event loop, so timers and other I/O run between', async () => {
    const { peer, lines, source } = await connectedSource();
    const many = Array.from({ length: 100_000 }, (_, i) => `a somewhat longer line, number ${i}`);
    // Held while the bytes cross, so that they wait in the socket's buffers when reading starts.
    const release = source.hold();
    peer.write(many.join('\n') + '\n');
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The most lines handled within one turn of the event loop (seen from the check phase).
    let most = 0;
    let seen = 0;
    let turning = true;
    const turn = (): void => {
      most = Math.max(most, lines.length - seen);
      seen = lines.length;
      if (turning) setImmediate(turn);
    };
    turn();
    release();
    await until(() => lines.length === many.length);
    turning = false;
    // A 64 KiB chunk holds about 1,900 of these lines; libuv alone reads up to 32 chunks a turn.
    expect(most).toBeLessThan(2 * 2_000);
  });
});
