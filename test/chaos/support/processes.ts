import { DEFAULT_SETTINGS } from '@tagstream/protocol';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT, spawnTagstream } from '../../../apps/cli/test/run-tagstream.ts';

const BIN = path.join(ROOT, 'apps/cli/bin/tagstream.js');

/** Every process started, so a failing test never leaves one behind. */
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

export interface IngestorProc {
  proc: Proc;
  port: number;
  controlPort: number;
  control: string;
}

/**
 * `tagstream ingest replay FILE` with its log in `logDir`; `ports` reuses the ports of an earlier
 * run (a restart), so the server finds it where it was.
 */
export async function startIngestor(o: {
  recording: string;
  logDir: string;
  speed: string;
  ports?: { port: number; controlPort: number };
  extra?: string[];
}): Promise<IngestorProc> {
  const proc = new Proc([
    'ingest',
    'replay',
    o.recording,
    '--speed',
    o.speed,
    '--port',
    String(o.ports?.port ?? 0),
    '--control-port',
    String(o.ports?.controlPort ?? 0),
    '--log-dir',
    o.logDir,
    '--no-progress',
    ...(o.extra ?? []),
  ]);
  const [, port] = await proc.waitFor(/serving tweets on tcp:\/\/127\.0\.0\.1:(\d+)/);
  const [, controlPort] = await proc.waitFor(
    /"part":"control".*?Server listening at http:\/\/127\.0\.0\.1:(\d+)/,
  );
  return {
    proc,
    port: Number(port),
    controlPort: Number(controlPort),
    control: `http://127.0.0.1:${controlPort}/`,
  };
}

// Related tags as the server lists them by default, so that count, serve and work are compared on them too.
export const WINDOW_FLAGS = [
  '--batch',
  '2s',
  '--window',
  '6s',
  '--related',
  String(DEFAULT_SETTINGS.related),
];

/** `tagstream serve` reading the ingestor, checkpointing to `checkpoints`. */
export async function startServer(o: {
  ingestor: { port: number; control: string };
  checkpoints: string;
  dir: string;
  extra?: string[];
}): Promise<{ proc: Proc; url: string }> {
  const proc = new Proc([
    'serve',
    '--source',
    `tcp://127.0.0.1:${o.ingestor.port}`,
    '--control',
    o.ingestor.control,
    '--port',
    '0',
    '--checkpoints',
    o.checkpoints,
    '--checkpoint-every',
    '10',
    '--recordings',
    path.join(o.dir, 'recordings'),
    ...WINDOW_FLAGS,
    ...(o.extra ?? []),
  ]);
  const [, url] = await proc.waitFor(/dashboard at (http:\/\/127\.0\.0\.1:\d+)/);
  return { proc, url: url! };
}
