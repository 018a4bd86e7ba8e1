import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, TAGSTREAM_BIN } from './paths.ts';

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `tagstream-e2e-${prefix}-`));
}

export interface DemoOptions {
  port: number;
  recordings: string;
  /** A recording to replay instead of the bundled one (`--file`). */
  file?: string;
  speed?: string;
}

/**
 * One `tagstream demo` process (ingestor replaying in a loop, TCP, core, fastify, socket.io) started by
 * a test, for journeys that change or break the stack and so must not share the suite's server.
 */
export class DemoStack {
  readonly url: string;
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> | null = null;
  private stderrTail = '';

  constructor(readonly options: DemoOptions) {
    this.url = `http://127.0.0.1:${options.port}`;
  }

  /** Starts the process and resolves once `GET /api/health` answers. */
  async start(timeoutMs = 45_000): Promise<void> {
    if (this.child) throw new Error('already started');
    const { port, recordings, file, speed } = this.options;
    const args = [TAGSTREAM_BIN, 'demo', '--port', String(port), '--recordings', recordings];
    if (file) args.push('--file', file);
    if (speed) args.push('--speed', speed);
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    this.stderrTail = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-4000);
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    let exitCode: number | null | undefined;
    void this.exited.then((code) => {
      exitCode = code;
    });

    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exitCode !== undefined) {
        throw new Error(`tagstream demo exited with ${exitCode} before listening:\n${this.stderrTail}`);
      }
      if (await this.healthy()) return;
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(`tagstream demo did not listen on ${this.url} within ${timeoutMs} ms`);
      }
      // Polling the process's readiness, not waiting on the page: a short pause between attempts.
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  private async healthy(): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(1_000) });
      return response.ok;
    } catch {
      return false;
    }
  }

  /** SIGTERM (a graceful shutdown, as a service manager does it), SIGKILL if it hangs; resolves once it is gone. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    const exited = this.exited;
    if (!child || !exited) return;
    this.child = null;
    this.exited = null;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
    }
  }

  get running(): boolean {
    return this.child !== null;
  }
}
