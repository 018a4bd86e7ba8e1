/**
 * The realtime plugin on its own seam: the real core, services and socket.io,
 * a real ingestor behind them, and real dashboards. The services announce; this
 * plugin alone tells the dashboards, once per change.
 */
import type { Settings, SourceStatus } from '@tagstream/protocol';
import { DEFAULT_SETTINGS } from '@tagstream/protocol';
import { systemClock } from '@tagstream/time';
import Fastify from 'fastify';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { IngestorControl } from '../../apps/server/src/ingestor-control.ts';
import { LiveCore } from '../../apps/server/src/pipeline/live-core.ts';
import core from '../../apps/server/src/plugins/core.ts';
import keywords from '../../apps/server/src/plugins/keywords.ts';
import settings from '../../apps/server/src/plugins/settings.ts';
import source from '../../apps/server/src/plugins/source.ts';
import {
  Cleanup,
  dashboard,
  eventually,
  nextEvent,
  tempDir,
  type Dashboard,
} from '../../apps/server/src/testing/harness.ts';
import allowList from '../../apps/server/src/plugins/allow-list.ts';
import realtime from '../../apps/server/src/realtime/realtime.ts';
import { ingestorStack } from '../support/ingestor-stack.ts';

const c = new Cleanup();
afterEach(() => c.run());

async function stack() {
  const ing = await ingestorStack(c, await tempDir(c));
  const control = new IngestorControl(ing.controlUrl);
  const logger = pino({ level: 'silent' });
  const app = Fastify();
  await app.register(core, {
    core: new LiveCore({
      source: { host: '127.0.0.1', port: ing.port },
      settings: DEFAULT_SETTINGS,
      clock: systemClock,
      logger,
    }),
  });
  await app.register(keywords, { control });
  await app.register(source, { control });
  await app.register(settings, {});
  await app.register(allowList, { listenHost: '127.0.0.1', allowedHosts: [], allowedOrigins: [] });
  // Polls the source status every 20 ms while dashboards watch.
  await app.register(realtime, { broadcastIntervalMs: 0, sourceIntervalMs: 20 });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  c.add(() => app.close());
  await eventually(async () => app.core.sourceStatus().connected, Boolean);
  /** Resolves after the source service has announced `n` more statuses (the realtime plugin's polls among them). */
  const polls = (n: number): Promise<void> =>
    new Promise((resolve) => {
      let seen = 0;
      const count = (): void => {
        if (++seen < n) return;
        app.source.off('status', count);
        resolve();
      };
      app.source.on('status', count);
    });
  return { app, url, control, ing, polls };
}

/** A dashboard that has its snapshot, with every later event of one kind it receives. */
async function watching<E extends 'track' | 'settings' | 'source'>(url: string, event: E) {
  const board: Dashboard = dashboard(c, url);
  await nextEvent(board, 'snapshot');
  const got: unknown[] = [];
  board.on(event, ((v: unknown) => got.push(v)) as never);
  return { board, got };
}

describe('the realtime plugin', () => {
  it('sends every dashboard one `track` per change, whether made through the API or at the ingestor itself', async () => {
    const { app, url, control, polls } = await stack();
    const a = await watching(url, 'track');
    const b = await watching(url, 'track');

    await app.keywords.set(['#ether OR #btc']);
    // Several status polls later (each reads the ingestor's keywords), still one announcement each.
    await polls(5);
    expect(a.got).toEqual([{ keywords: ['#ether OR #btc'] }]);
    expect(b.got).toEqual([{ keywords: ['#ether OR #btc'] }]);

    // Changed behind the server's back: found by the next poll.
    await control.send('PUT', '/track', { keywords: ['cats'] });
    await Promise.all([a, b].map((d) => nextEvent(d.board, 'track', (t) => t.keywords[0] === 'cats')));
    await polls(5);
    expect(a.got).toEqual([{ keywords: ['#ether OR #btc'] }, { keywords: ['cats'] }]);
    expect(b.got).toEqual(a.got);
  });

  it('sends every dashboard the new settings once they are applied', async () => {
    const { app, url } = await stack();
    const a = await watching(url, 'settings');
    const b = await watching(url, 'settings');
    const change = app.settings.apply({ topK: 3, windowMs: 30_000 });
    expect(change).toMatchObject({ topK: 3, windowMs: 30_000, reset: false });
    await Promise.all([a, b].map((d) => nextEvent(d.board, 'settings')));
    const expected: Settings = { ...DEFAULT_SETTINGS, topK: 3, windowMs: 30_000 };
    expect(a.got).toEqual([expected]);
    expect(b.got).toEqual([expected]);
  });

  it('tells dashboards the source status when it changes, and not while it stays the same', async () => {
    const { url, ing, polls } = await stack();
    const a = await watching(url, 'source');
    await polls(5);
    // The snapshot already held this status.
    expect(a.got).toEqual([]);
    const gone = nextEvent(a.board, 'source', (s) => !s.connected);
    await ing.ingestor.close();
    expect(await gone).toMatchObject({ kind: 'tcp', connected: false });
    await polls(5);
    const statuses = (a.got as SourceStatus[]).map((s) => JSON.stringify(s));
    for (let i = 1; i < statuses.length; i++) expect(statuses[i]).not.toBe(statuses[i - 1]);
  });

  it('lets go of the services when the app closes', async () => {
    const { app } = await stack();
    const { keywords: k, settings: s, source: src } = app;
    expect(k.listenerCount('changed') + s.listenerCount('changed') + src.listenerCount('status')).toBe(3);
    await app.close();
    expect(k.listenerCount('changed') + s.listenerCount('changed') + src.listenerCount('status')).toBe(0);
  });
});
