import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateDemoRecording } from '../../scripts/demo-recording/generate.ts';
import {
  bootServer,
  Cleanup,
  dashboard,
  eventually,
  metricValue,
  nextEvent,
  tempDir,
} from '../../apps/server/src/testing/harness.ts';
import { ingestorStack } from '../support/ingestor-stack.ts';

const c = new Cleanup();
afterEach(() => c.run());

describe('/metrics during a replay', () => {
  it('shows tweets, results, timings, clients, checkpoints, duplicates, late, malformed and reconnects moving', async () => {
    const dir = await tempDir(c);
    const recordings = path.join(dir, 'recordings');
    await mkdir(recordings);
    const now = generateDemoRecording({ seed: 2, minutes: 2 }).jsonl;
    await writeFile(path.join(recordings, 'now.jsonl'), now);
    const ing = await ingestorStack(c, recordings);
    const { url } = await bootServer(c, {
      source: { host: '127.0.0.1', port: ing.port },
      controlUrl: ing.controlUrl,
      recordingsDir: recordings,
      settings: { batchMs: 2000, windowMs: 6000, slideMs: 2000 },
      checkpointDir: path.join(dir, 'ckpt'),
      checkpointEvery: 2,
    });
    const scrape = async () => {
      const text = await (await fetch(`${url}/metrics`)).text();
      const m = (name: string) => metricValue(text, name);
      return {
        tweets: m('tagstream_tweets_total'),
        lines: m('tagstream_lines_total'),
        results: m('tagstream_results_total'),
        processed: m('tagstream_batch_processing_seconds_count'),
        lagged: m('tagstream_emit_lag_seconds_count'),
        lagSum: m('tagstream_emit_lag_seconds_sum'),
        clients: m('tagstream_socket_clients'),
        checkpointAge: m('tagstream_checkpoint_age_seconds'),
        checkpointDuration: m('tagstream_checkpoint_duration_seconds'),
        checkpointPause: m('tagstream_checkpoint_pause_seconds'),
        checkpointPauseMax: m('tagstream_checkpoint_pause_max_seconds'),
        lost: m('tagstream_lost_total'),
        duplicates: m('tagstream_duplicates_total'),
        late: m('tagstream_late_total'),
        malformed: m('tagstream_malformed_total'),
        reconnects: m('tagstream_source_reconnects_total'),
        connected: m('tagstream_source_connected'),
      };
    };
    const dash = dashboard(c, url);
    await nextEvent(dash, 'snapshot');
    const idle = await scrape();
    expect(idle).toMatchObject({ tweets: 0, results: 0, clients: 1, checkpointAge: -1, connected: 1 });

    const post = (p: string, body: unknown) =>
      fetch(`${url}${p}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('/api/replay', { file: 'now.jsonl', speed: 30 })).status).toBe(200);
    const first = await nextEvent(dash, 'batch');
    const early = await scrape();
    await nextEvent(dash, 'batch', (r) => r.seq >= first.seq + 10);
    const later = await scrape();
    for (const k of ['tweets', 'lines', 'results', 'processed', 'lagged'] as const) {
      expect(early[k], k).toBeGreaterThan(0);
      expect(later[k], k).toBeGreaterThan(early[k]);
    }
    // Close-to-broadcast lag: a replay's batches are broadcast well within the 200 ms coalescing gap plus work.
    expect(later.lagSum / later.lagged).toBeLessThan(0.5);
    const checkpointed = await eventually(scrape, (s) => s.checkpointAge >= 0);
    expect(checkpointed.checkpointAge).toBeLessThan(30);
    expect(checkpointed.checkpointDuration).toBeGreaterThan(0);
    expect(checkpointed.checkpointPause).toBeGreaterThan(0);
    // The last pause and the last duration may belong to different checkpoints (one may be under
    // way while we scrape), so the pause is held against the longest one, not against a duration.
    expect(checkpointed.checkpointPauseMax).toBeGreaterThanOrEqual(checkpointed.checkpointPause);
    expect(checkpointed.lost).toBe(0);

    // A tweet delivered again (as after a reconnect) is dropped by id.
    ing.ingestor.lines.send(now.split('\n')[0]!);
    await eventually(scrape, (s) => s.duplicates > 0);
    // A tweet from a month before, in the same stream: its batch closed long ago.
    ing.ingestor.lines.send(
      JSON.stringify({ id: '17', created_at: '2026-10-01T00:00:00.000Z', text: 'old news #late' }),
    );
    await eventually(scrape, (s) => s.late > 0);
    ing.ingestor.lines.send('{"id": broken');
    await eventually(scrape, (s) => s.malformed > 0);
    // The ingestor goes away: the client keeps trying.
    await ing.ingestor.close();
    const gone = await eventually(scrape, (s) => s.reconnects > later.reconnects && s.connected === 0);
    expect(gone.reconnects).toBeGreaterThan(idle.reconnects);
  });
});
