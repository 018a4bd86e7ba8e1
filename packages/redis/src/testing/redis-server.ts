import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A real `redis-server` for a test, on a free port, in a folder of its own. */
export interface TestRedis {
  url: string;
  port: number;
  /** Stops it (SIGTERM: with AOF on, what it acknowledged is on disk). */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder (AOF on: with what it had). */
  restart(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function launch(port: number, dir: string, aof: boolean): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      aof ? 'yes' : 'no',
      '--dir',
      dir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('Ready to accept connections')) resolve(child);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${out}`)));
  });
}

/** Starts `redis-server --port <free> --save "" --appendonly no|yes`; stop it in afterAll/finally. */
export async function startTestRedis(o: { aof?: boolean } = {}): Promise<TestRedis> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tagstream-redis-'));
  const aof = o.aof ?? false;
  let port = 0;
  let child: ChildProcess | null = null;
  // A port found free may be taken before redis binds it: try another.
  for (let attempt = 0; child === null; attempt++) {
    port = await freePort();
    try {
      child = await launch(port, dir, aof);
    } catch (err) {
      if (attempt >= 4) throw err;
    }
  }
  const stopChild = async (): Promise<void> => {
    const c = child;
    child = null;
    if (c === null || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGTERM');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await stopChild();
      rmSync(dir, { recursive: true, force: true });
    },
    restart: async () => {
      await stopChild();
      child = await launch(port, dir, aof);
    },
  };
}
