import { DEFAULT_SETTINGS, type BatchResult, type IngestorStatus } from '@tagstream/protocol';
import { runTagstream } from '../../../apps/cli/test/run-tagstream.ts';
import { WINDOW_FLAGS } from './processes.ts';

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The results `tagstream count` gives for the recording, with the server's window flags and its related tags. */
export async function countRecording(recording: string): Promise<BatchResult[]> {
  const related = ['--related', String(DEFAULT_SETTINGS.related)];
  const r = await runTagstream(['count', recording, ...WINDOW_FLAGS, ...related, '--json']);
  if (r.code !== 0) throw new Error(`count failed: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as BatchResult);
}

/**
 * What a user compares between the server and `tagstream count`: windows, tops, stats and totals;
 * not timings or the server's extras, nor `malformed`: a recording's malformed lines stay in the
 * ingestor (its status reports them), where `count` of the file counts them in the first windows.
 */
export function comparable(results: BatchResult[]): unknown[] {
  return results.map((r) => ({
    seq: r.seq,
    batch: r.batch,
    window: r.window,
    top: r.top,
    stats: { ...r.stats, processingMs: 0, malformed: 0 },
    totals: r.totals,
  }));
}

/** The server's results (it keeps its newest 360) against the same seqs of `count`'s. */
export function sameAsCount(
  server: BatchResult[],
  count: BatchResult[],
): { server: unknown[]; count: unknown[] } {
  const first = server[0]?.seq ?? 0;
  return { server: comparable(server), count: comparable(count.filter((r) => r.seq >= first)) };
}

export const metric = (text: string, name: string): number => {
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
};

/** Waits (on the ingestor's own replay clock) until the replay reaches `ms` of tweet time past `from`. */
export async function untilReplayAt(control: string, from: number, ms: number): Promise<number> {
  for (;;) {
    const { replay } = await getJson<IngestorStatus>(`${control}status`);
    if (replay === null) throw new Error('the ingestor is not replaying');
    const at = replay.tweetTimeIso === null ? 0 : Date.parse(replay.tweetTimeIso);
    if (at - from >= ms || replay.done) return replay.position;
    await new Promise((r) => setTimeout(r, 200));
  }
}
