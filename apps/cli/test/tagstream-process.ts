import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT, spawnTagstream } from './run-tagstream.ts';

const BIN = path.join(ROOT, 'apps/cli/bin/tagstream.js');

/** Every process started, so a failing test never leaves one behind (`killAll` in its `afterAll`). */
const started: ChildProcess[] = [];

export function killAll(): void {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** A `tagstream` process whose JSON logs (stderr) are kept, so a wait never misses a line already written. */
export class Proc {
  readonly child: ChildProcess;
  log = '';
  readonly exited: Promise<number | null>;
  private waiters: (() => void)[] = [];

  /** `entry`: another build of the command than the workspace bin (e.g. a bundle of another commit, to compare). */
  constructor(args: string[], nodeFlags: string[] = [], entry: string = BIN) {
    this.child =
      nodeFlags.length === 0 && entry === BIN
        ? spawnTagstream(args, { TAGSTREAM_ADMIN_TOKEN: '', TAGSTREAM_CHECKPOINT_DIR: '' })
        : spawn(process.execPath, [...nodeFlags, entry, ...args], {
            cwd: ROOT,
            env: {
              ...process.env,
              LOG_LEVEL: 'info',
              TAGSTREAM_ADMIN_TOKEN: '',
              TAGSTREAM_CHECKPOINT_DIR: '',
            },
            stdio: ['pipe', 'pipe', 'pipe'],
          });
    started.push(this.child);
    this.child.stdout!.resume();
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      this.log += d;
      for (const w of this.waiters.splice(0)) w();
    });
    this.exited = new Promise((resolve) =>
      this.child.once('close', (code) => {
        for (const w of this.waiters.splice(0)) w();
        resolve(code);
      }),
    );
  }

  /** The first match of `pattern` in the log so far or to come. */
  async waitFor(pattern: RegExp, what = String(pattern)): Promise<RegExpMatchArray> {
    for (;;) {
      const m = pattern.exec(this.log);
      if (m) return m;
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        throw new Error(`process ended before ${what}:\n${this.log.slice(-3000)}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
