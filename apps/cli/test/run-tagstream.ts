import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root and the real `tagstream` bin, run as a user would. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'apps/cli/bin/tagstream.js');

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tagstream ARGS…` to completion. */
export function runTagstream(
  args: string[],
  opts: { input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Finished> {
  const child = spawnTagstream(args, opts.env);
  if (opts.input !== undefined) child.stdin!.end(opts.input);
  else child.stdin!.end();
  return finished(child);
}

export function spawnTagstream(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  /** Another entry point than the workspace bin, e.g. the bundle `npm start` runs. */
  entry: string = BIN,
): ChildProcess {
  return spawn(process.execPath, [entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export function finished(child: ChildProcess): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Resolves with the first match of `pattern` in the child's stderr (its JSON logs). */
export function fromStderr(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer): void => {
      seen += d.toString('utf8');
      const m = pattern.exec(seen);
      if (m) {
        child.stderr!.off('data', onData);
        resolve(m);
      }
    };
    child.stderr!.on('data', onData);
    child.once('close', (code) =>
      reject(new Error(`exited (${String(code)}) before ${String(pattern)}:\n${seen}`)),
    );
  });
}
