/**
 * Replays as streams of their own (DESIGN.md §3–4), through a real ingestor, TCP,
 * the server and a socket.io dashboard: a replay that runs to its end shows its
 * trailing windows, and the next replay is counted afresh however far back in
 * time its tweets lie.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_SETTINGS, type BatchResult, type Snapshot, type SourceStatus } from '@tagstream/protocol';
import { CounterSession, emptyLineTally, feedLine } from '@tagstream/stream';
import { ManualClock } from '@tagstream/time';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bootServer,
  Cleanup,
  dashboard,
  eventually,
  json,
  nextEvent,
  tempDir,
} from '../../apps/server/src/testing/harness.ts';
import { ingestorStack } from '../support/ingestor-stack.ts';

const c = new Cleanup();
afterEach(() => c.run());

const SETTINGS = { batchMs: 2_000, windowMs: 6_000, slideMs: 2_000 };
const T0 = Date.UTC(2026, 10, 1, 18, 0, 0);

/** Ten tweets a second apart from `start`, ids 1…10, the later ones with a second tag. */
function recording(start: number, tag: string): string {
  return Array.from({ length: 10 }, (_, i) =>
    JSON.stringify({
      id: String(i + 1),
      created_at: new Date(start + 500 + i * 1_000).toISOString(),
      text: i < 6 ? `#${tag} one` : `#${tag} and #Later`,
    }),
  ).join('\n');
}

/** What `tagstream count` gives for the same lines: every batch closed at the end of the input. */
function countedAlone(lines: string): string[] {
  const results: BatchResult[] = [];
  const session = new CounterSession({
    settings: { ...DEFAULT_SETTINGS, ...SETTINGS },
    clock: new ManualClock(0),
    sink: { result: (r) => results.push(r) },
    restartOnBegin: false,
  });
  const tally = emptyLineTally();
  for (const line of lines.split('\n')) feedLine(session, line, 'auto', tally);
  session.end();
  return results.map(shown);
}

/** A result as the chart shows it: its window, its bars and its tweet count. */
function shown(r: BatchResult): string {
  const bars = r.top.map((t) => `${t.display}=${t.count}`).join(' ');
  return `${r.window.start}…${r.window.end} tweets=${r.stats.tweets} late=${r.stats.late} dup=${r.stats.duplicates} ${bars}`;
}

async function stack() {
  const dir = await tempDir(c);
  const recordings = path.join(dir, 'recordings');
  await mkdir(recordings);
  await writeFile(path.join(recordings, 'evening.jsonl'), recording(T0, 'Ether'));
  // An hour earlier, with the same ids: a different stream, not duplicates and not late.
  await writeFile(path.join(recordings, 'afternoon.jsonl'), recording(T0 - 3_600_000, 'Cats'));
  const ing = await ingestorStack(c, recordings);
  const server = await bootServer(c, {
    source: { host: '127.0.0.1', port: ing.port },
    controlUrl: ing.controlUrl,
    recordingsDir: recordings,
    settings: SETTINGS,
    broadcastIntervalMs: 0,
  });
  const replay = async (file: string): Promise<void> => {
    const res = await fetch(`${server.url}/api/replay`, {
      method: 'POST',
      ...json({ file, speed: 'max', loop: false }),
    });
    expect(res.status).toBe(200);
  };
  const history = async (): Promise<BatchResult[]> =>
    (await (await fetch(`${server.url}/api/history?limit=100`)).json()) as BatchResult[];
  const replayDone = async (): Promise<boolean> => {
    const s = (await (await fetch(`${server.url}/api/source`)).json()) as SourceStatus;
    return s.replay !== undefined && s.replay.position === s.replay.total;
  };
  return { server, replay, history, replayDone, recordings };
}

describe('replays on the server', () => {
  it('shows a finished replay’s trailing windows, the same results as counting the file', async () => {
    const s = await stack();
    const expected = countedAlone(recording(T0, 'Ether'));
    // The data sliding out, down to the first empty window after it.
    expect(expected.at(-1)).toMatch(/…2026-11-01T18:00:16\.000Z tweets=0 late=0 dup=0 $/);

    await s.replay('evening.jsonl');
    await eventually(s.replayDone, Boolean);
    const history = await eventually(s.history, (h) => h.length >= expected.length);
    expect(history.map(shown)).toEqual(expected);
  });

  it('counts the next replay afresh, even an hour earlier with the same ids, and tells dashboards to start over', async () => {
    const s = await stack();
    await s.replay('evening.jsonl');
    await eventually(s.replayDone, Boolean);
    await eventually(s.history, (h) => h.at(-1)?.window.end === '2026-11-01T18:00:16.000Z');

    const board = dashboard(c, s.server.url);
    await nextEvent(board, 'snapshot');
    const pushed: BatchResult[] = [];
    board.on('batch', (r) => pushed.push(r));
    const startOver = nextEvent(board, 'snapshot');
    await s.replay('afternoon.jsonl');
    const snapshot: Snapshot = await startOver;
    // Nothing of the evening replay is left on the new picture.
    expect(
      [...snapshot.history, ...(snapshot.latest ? [snapshot.latest] : [])].map(shown).join(),
    ).not.toMatch(/Ether/);

    const expected = countedAlone(recording(T0 - 3_600_000, 'Cats'));
    await eventually(s.replayDone, Boolean);
    const history = await eventually(s.history, (h) => h.length >= expected.length);
    expect(history.map(shown)).toEqual(expected);
    expect(history.at(-1)!.totals).toMatchObject({ tweets: 10 });
    // Each new result reached the dashboard too, none from the evening stream.
    await eventually(
      async () => pushed.at(-1)?.window.end,
      (end) => end === history.at(-1)!.window.end,
    );
    expect(pushed.map(shown).join()).not.toMatch(/Ether/);
  });
});
