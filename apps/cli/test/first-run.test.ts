import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, fromStderr, ROOT, runTagstream, spawnTagstream } from './run-tagstream.ts';

/** What a newcomer meets on a first run: the help they read, the banner, the warnings. */

let dir: string;
const children: ChildProcess[] = [];
const servers: Server[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tagstream-first-run-'));
});
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const server of servers) server.close();
  await rm(dir, { recursive: true, force: true });
});

function spawn(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawnTagstream(args, { TAGSTREAM_ADMIN_TOKEN: '', ...env });
  children.push(child);
  child.stdout!.resume();
  return child;
}

async function stop(child: ChildProcess): Promise<string> {
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = finished(child);
  child.kill('SIGTERM');
  await done;
  return stderr;
}

/** A TCP port nothing listens on (the OS gives it out, then it is closed again). */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('count --help', () => {
  it('points to no document the repository does not have, and says how tcp:// waits for its source', async () => {
    const help = await runTagstream(['count', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).not.toMatch(/DESIGN/);
    for (const [document] of help.stdout.matchAll(/[\w./-]+\.md\b/g)) {
      expect(existsSync(path.join(ROOT, document)), document).toBe(true);
    }
    expect(help.stdout).toMatch(/nothing listens[\s\S]*retrying/);
  });
});

describe('count tcp:// with nothing listening', () => {
  it('warns at once and keeps retrying, then counts once a source appears', async () => {
    const port = await unusedPort();
    const child = spawn(['count', `tcp://127.0.0.1:${port}`, '--json', '--batch', '1s', '--window', '1s'], {
      LOG_LEVEL: 'warn',
    });
    const started = Date.now();
    const [warning] = await fromStderr(child, /.*nothing is listening at tcp:\/\/127\.0\.0\.1:\d+.*/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(warning).toMatch(/"level":40/);
    expect(warning).toContain(`tcp://127.0.0.1:${port}`);
    expect(child.exitCode).toBeNull();

    // The source comes up: count connects by itself, counts what it sends and ends when it closes.
    const server = createServer((socket) => {
      socket.end(
        [
          '{"id":"1","created_at":"2026-11-01T18:00:00.100Z","text":"hello #Late"}',
          '{"watermark":"2026-11-01T18:00:05.000Z"}',
          '',
        ].join('\n'),
      );
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const result = await finished(child);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"tag":"late"');
  });
});

describe('tagstream demo', () => {
  it('says where its dashboard is, on the port it was given', async () => {
    const port = await unusedPort();
    const child = spawn(['demo', '--port', String(port), '--recordings', path.join(dir, 'banner')], {
      LOG_LEVEL: 'warn',
    });
    const [banner] = await fromStderr(child, /tagstream demo: .*\n/);
    expect(banner).toContain(`http://127.0.0.1:${port}`);
    expect(banner).not.toContain(':3000');
    const help = await runTagstream(['demo', '--help']);
    expect(help.stdout).not.toMatch(/127\.0\.0\.1:3000/);
    await stop(child);
  });

  it('does not warn about the bundled recording’s deliberate malformed lines, but does about a user’s own', async () => {
    const bundled = spawn(['demo', '--port', '0', '--recordings', path.join(dir, 'quiet')], {
      LOG_LEVEL: 'warn',
    });
    let seen = '';
    bundled.stderr!.setEncoding('utf8').on('data', (d: string) => (seen += d));
    await fromStderr(bundled, /tagstream demo: /);
    await stop(bundled);
    expect(seen).not.toMatch(/malformed/);

    const own = path.join(dir, 'mine.jsonl');
    await writeFile(
      own,
      '{"id":"1","created_at":"2026-11-01T18:00:00.000Z","text":"#mine"}\n{not json\n' +
        '{"id":"2","created_at":"2026-11-01T18:00:01.000Z","text":"#mine again"}\n',
    );
    const user = spawn(['demo', '--port', '0', '--file', own, '--recordings', path.join(dir, 'loud')], {
      LOG_LEVEL: 'warn',
    });
    const [warning] = await fromStderr(user, /.*1 malformed line skipped.*/);
    expect(warning).toMatch(/"level":40/);
    await stop(user);
  });
});
