/**
 * The pipeline's wiring on a manual clock: lines arrive over a real TCP socket, and wall time
 * (the plain-text arrival time, the wall tick, `emittedAt`) moves only when the test says so.
 */
import { once } from 'node:events';
import net from 'node:net';
import { DEFAULT_SETTINGS, type BatchResult } from '@tagstream/protocol';
import { ManualClock } from '@tagstream/time';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveCore } from './live-core.ts';

const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);
const closers: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A line source like `nc -lk`: whatever the test writes goes to the connected core. */
async function lineSource(): Promise<{ port: number; connected: Promise<net.Socket> }> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  const connected = once(server, 'connection').then(([socket]) => {
    closers.push(() => void (socket as net.Socket).destroy());
    return socket as net.Socket;
  });
  return { port: (server.address() as net.AddressInfo).port, connected };
}

/** Turns the real event loop until `ok` holds: for lines crossing the socket, which no clock moves. */
async function arrived(ok: () => boolean): Promise<void> {
  for (let i = 0; !ok(); i++) {
    if (i > 20_000) throw new Error('the line never arrived');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('LiveCore on a manual clock', () => {
  it('closes a plain-text window on wall time as the clock moves, with no line arriving', async () => {
    const clock = new ManualClock(T0 + 200);
    const src = await lineSource();
    const core = new LiveCore({
      source: { host: '127.0.0.1', port: src.port },
      settings: { ...DEFAULT_SETTINGS, batchMs: 1_000, windowMs: 1_000, slideMs: 1_000 },
      clock,
      logger: pino({ level: 'silent' }),
    });
    const results: BatchResult[] = [];
    core.onResult((r) => results.push(r));
    core.start();
    closers.push(() => core.stop());
    const socket = await src.connected;
    socket.write('typed into nc #Hello\n');
    await arrived(() => core.tally.lines === 1);
    // The wall tick runs every 250 ms from the start (T0 + 200): the batch [T0, T0 + 1 s) closes
    // at the first tick after its end.
    clock.advance(750);
    expect(results).toEqual([]);
    clock.advance(250);
    expect(results.map((r) => [r.window.end, r.top.map((t) => `${t.display}=${t.count}`)])).toEqual([
      [new Date(T0 + 1_000).toISOString(), ['#Hello=1']],
    ]);
    expect(results[0]!.emittedAt).toBe(new Date(T0 + 1_200).toISOString());
    expect(core.history.latest()).toBe(results[0]);
  });
});
