import { once } from 'node:events';
import net from 'node:net';
import { ManualClock } from '@tagstream/time';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LineServer } from './line-server.ts';

const servers: LineServer[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) await s.close();
});

async function start(
  opts: Partial<ConstructorParameters<typeof LineServer>[0]> = {},
): Promise<{ server: LineServer; port: number }> {
  const server = new LineServer({ host: '127.0.0.1', port: 0, logger: pino({ level: 'silent' }), ...opts });
  servers.push(server);
  const { port } = await server.listen();
  return { server, port };
}

/** A consumer that collects complete lines. */
async function consumer(
  port: number,
): Promise<{ socket: net.Socket; lines: string[]; waitFor: (n: number) => Promise<void> }> {
  const socket = net.connect({ host: '127.0.0.1', port });
  sockets.push(socket);
  await once(socket, 'connect');
  const lines: string[] = [];
  let rest = '';
  const waiters: { n: number; resolve: () => void }[] = [];
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    lines.push(...parts);
    for (const w of [...waiters]) if (lines.length >= w.n) w.resolve();
  });
  return {
    socket,
    lines,
    waitFor: (n) =>
      lines.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve })),
  };
}

async function untilConsumers(server: LineServer, n: number): Promise<void> {
  // Accepting happens on the server's side of the loopback; yield until it has.
  while (server.stats().consumers !== n) await new Promise((r) => setImmediate(r));
}

describe('LineServer', () => {
  it('sends every line, newline-terminated, to every consumer', async () => {
    const { server, port } = await start();
    const a = await consumer(port);
    const b = await consumer(port);
    await untilConsumers(server, 2);
    for (let i = 0; i < 100; i++) server.send(`{"id":"${i}","text":"#t${i}"}`);
    await Promise.all([a.waitFor(100), b.waitFor(100)]);
    expect(a.lines).toEqual(b.lines);
    expect(a.lines[99]).toBe('{"id":"99","text":"#t99"}');
  });

  it('keeps the newest lines for a consumer that connects later, within the byte bound', async () => {
    const { server, port } = await start({ backlogBytes: 50 });
    for (let i = 0; i < 10; i++) server.send(`line ${i}`);
    const c = await consumer(port);
    await c.waitFor(1);
    await untilConsumers(server, 1);
    server.send('after');
    await c.waitFor(8);
    // Each kept line costs its bytes plus a newline, 7 bytes: 50 bytes hold the newest 7.
    expect(c.lines).toEqual(['line 3', 'line 4', 'line 5', 'line 6', 'line 7', 'line 8', 'line 9', 'after']);
  });

  it('forgets kept lines older than the age bound (injected clock)', async () => {
    const clock = new ManualClock(0);
    const { server, port } = await start({ backlogMs: 1000, clock });
    server.send('old');
    clock.set(2000);
    server.send('new');
    const c = await consumer(port);
    await c.waitFor(1);
    expect(c.lines).toEqual(['new']);
  });

  it('cuts off a consumer that stops reading while the others keep up', async () => {
    const { server, port } = await start({ maxConsumerBufferBytes: 64 * 1024 });
    const stuck = await consumer(port);
    stuck.socket.pause();
    const healthy = await consumer(port);
    await untilConsumers(server, 2);
    const line = 'x'.repeat(1000);
    const closed = once(stuck.socket, 'close');
    // Far more than the socket buffers and the 64 KiB bound can hold for a reader that never reads.
    for (let i = 0; i < 20_000; i++) {
      server.send(line);
      if (i % 200 === 0) await new Promise((r) => setImmediate(r));
    }
    await healthy.waitFor(20_000);
    expect(server.stats().consumersCutOff).toBe(1);
    // The reset reaches the stuck reader once it reads again.
    stuck.socket.resume();
    await closed;
    expect(healthy.lines).toHaveLength(20_000);
  });

  it('writable() cuts off a consumer that holds a fast sender back', async () => {
    const { server, port } = await start({ maxConsumerBufferBytes: 32 * 1024, stallMs: 50 });
    const stuck = await consumer(port);
    stuck.socket.pause();
    await untilConsumers(server, 1);
    const line = 'y'.repeat(1000);
    const closed = once(stuck.socket, 'close');
    for (let i = 0; i < 50_000 && server.stats().consumers > 0; i++) {
      server.send(line);
      if (i % 20 === 0) await server.writable();
    }
    expect(server.stats()).toMatchObject({ consumers: 0, consumersCutOff: 1 });
    stuck.socket.resume();
    await closed;
  });

  it('does not count the kept lines sent on connect against a new consumer’s buffer bound', async () => {
    // A core reconnecting during a fast replay gets megabytes of kept lines at once; the next
    // line must not cut it off for a buffer it had no chance to read yet.
    const { server, port } = await start({ maxConsumerBufferBytes: 64 * 1024 });
    const line = 'k'.repeat(999);
    for (let i = 0; i < 8000; i++) server.send(line);
    const late = await consumer(port);
    await untilConsumers(server, 1);
    for (let i = 0; i < 10; i++) server.send(`new ${i}`);
    const cut = once(late.socket, 'close').then(() => {
      throw new Error('the late consumer was cut off');
    });
    await Promise.race([late.waitFor(8010), cut]);
    expect(late.lines.slice(-2)).toEqual(['new 8', 'new 9']);
    expect(server.stats()).toMatchObject({ consumers: 1, consumersCutOff: 0 });
  });

  it('writes the lines of one tick to each consumer in one write, complete and in order', async () => {
    const { server, port } = await start();
    const a = await consumer(port);
    const b = await consumer(port);
    await untilConsumers(server, 2);
    const writes = vi.spyOn(net.Socket.prototype, 'write');
    const sent: string[] = [];
    for (let burst = 0; burst < 5; burst++) {
      for (let i = 0; i < 200; i++) {
        sent.push(`{"id":"${burst * 200 + i}","text":"#t${i} ü"}`);
        server.send(sent.at(-1)!);
      }
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all([a.waitFor(1000), b.waitFor(1000)]);
    expect(a.lines).toEqual(sent);
    expect(b.lines).toEqual(sent);
    // The server's sockets are the ones on its port; the consumers' own sockets never write.
    const serverWrites = writes.mock.contexts.filter((s) => (s as net.Socket).localPort === port);
    expect(serverWrites).toHaveLength(2 * 5);
    expect(server.stats().linesSent).toBe(1000);
  });

  it('gives a consumer connecting during a fast stream the kept lines, then the rest, once each', async () => {
    const { server, port } = await start();
    const early = await consumer(port);
    await untilConsumers(server, 1);
    const total = 20_000;
    let late: Awaited<ReturnType<typeof consumer>> | undefined;
    let connecting: Promise<void> | undefined;
    for (let i = 0; i < total; i++) {
      server.send(`line ${i}`);
      if (i % 100 === 99) await new Promise((r) => setImmediate(r));
      if (i === 5_000)
        connecting = consumer(port).then((c) => {
          late = c;
        });
    }
    await connecting;
    await Promise.all([early.waitFor(total), late!.waitFor(total)]);
    const expected = Array.from({ length: total }, (_, i) => `line ${i}`);
    expect(early.lines).toEqual(expected);
    expect(late!.lines).toEqual(expected);
  });

  it('gives a line sent while a consumer is being accepted to it once, after the kept lines', async () => {
    // The logger is the one piece of code that runs inside the accept: a line sent from it is sent
    // halfway through taking a consumer on.
    const sendsFrom: { server?: LineServer } = {};
    const hook = {
      write(msg: string): void {
        const server = sendsFrom.server!;
        if (msg.includes('"consumer connected"')) server.send(`during accept ${server.stats().consumers}`);
      },
    };
    const started = await start({ logger: pino({ level: 'info' }, hook) });
    const server = started.server;
    sendsFrom.server = server;
    const a = await consumer(started.port);
    await a.waitFor(1);
    server.send('between');
    const b = await consumer(started.port);
    await Promise.all([a.waitFor(3), b.waitFor(3)]);
    server.send('last');
    await Promise.all([a.waitFor(4), b.waitFor(4)]);
    expect(a.lines).toEqual(['during accept 1', 'between', 'during accept 2', 'last']);
    expect(b.lines).toEqual(['during accept 1', 'between', 'during accept 2', 'last']);
  });

  it('delivers the lines sent right before close()', async () => {
    const { server, port } = await start();
    const c = await consumer(port);
    await untilConsumers(server, 1);
    const ended = once(c.socket, 'end');
    for (let i = 0; i < 1000; i++) server.send(`last ${i}`);
    await server.close();
    await ended;
    expect(c.lines).toHaveLength(1000);
    expect(c.lines.at(-1)).toBe('last 999');
  });

  it('cuts off a consumer that stops reading even while the sender never yields', async () => {
    const { server, port } = await start({ maxConsumerBufferBytes: 64 * 1024 });
    const stuck = await consumer(port);
    stuck.socket.pause();
    await untilConsumers(server, 1);
    const line = 'z'.repeat(1000);
    // 64 MB in one tick: far beyond what loopback buffers hold, so the lines cannot all be held for
    // the end of the tick.
    let cutAt = -1;
    for (let i = 0; i < 64_000 && cutAt < 0; i++) {
      server.send(line);
      if (server.stats().consumersCutOff > 0) cutAt = i;
    }
    expect(cutAt).toBeGreaterThan(0);
    expect(server.stats().consumers).toBe(0);
  });
});
