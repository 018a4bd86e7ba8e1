import { describe, expect, it } from 'vitest';
import type { Snapshot, SourceStatus } from '@tagstream/protocol';
import { HISTORY_LIMIT, initialLiveState, RATE_LIMIT, reduceLive } from './live-state.ts';
import { makeResult } from './result-fixture.ts';

const source: SourceStatus = {
  kind: 'replay',
  address: 'tcp://127.0.0.1:5554',
  connected: true,
  tweetsPerSec: 12,
  state: 'connected',
};
const settings = { batchMs: 10_000, windowMs: 20_000, slideMs: 10_000, topK: 10, retweets: true, related: 5 };

function snapshot(partial: Partial<Snapshot> = {}): Snapshot {
  return { settings, latest: null, history: [], source, keywords: [], ...partial };
}

describe('reduceLive', () => {
  it('fills everything from the snapshot, latest included', () => {
    const latest = makeResult(3, [{ tag: 'ether' }]);
    const state = reduceLive(initialLiveState, {
      type: 'snapshot',
      snapshot: snapshot({ latest, history: [latest], keywords: ['#eth'] }),
      at: 1_000,
    });
    expect(state.latest).toBe(latest);
    expect(state.keywords).toEqual(['#eth']);
    expect(state.receivedAt).toBe(1_000);
  });

  it('has no freshness before the first result', () => {
    const state = reduceLive(initialLiveState, { type: 'snapshot', snapshot: snapshot(), at: 1_000 });
    expect(state.latest).toBeNull();
    expect(state.receivedAt).toBeNull();
  });

  it('appends batches, measures the interval, and ignores a repeat of the latest', () => {
    let state = reduceLive(initialLiveState, {
      type: 'batch',
      result: makeResult(1, [{ tag: 'a' }]),
      at: 1_000,
    });
    state = reduceLive(state, { type: 'batch', result: makeResult(2, [{ tag: 'b' }], 30), at: 2_000 });
    const repeated = reduceLive(state, {
      type: 'batch',
      result: makeResult(2, [{ tag: 'b' }], 30),
      at: 2_500,
    });
    expect(repeated).toBe(state);
    expect(state.history.map((r) => r.seq)).toEqual([1, 2]);
    expect(state.batchIntervalMs).toBe(1_000);
  });

  it('keeps the history bounded', () => {
    let state = initialLiveState;
    for (let seq = 0; seq < HISTORY_LIMIT + 5; seq++) {
      state = reduceLive(state, {
        type: 'batch',
        result: makeResult(seq, [{ tag: 'a' }], 20 + seq * 10),
        at: seq,
      });
    }
    expect(state.history).toHaveLength(HISTORY_LIMIT);
    expect(state.history[0]?.seq).toBe(5);
  });

  it('keeps the freshness of a result that a reconnect sends again', () => {
    const latest = makeResult(3, [{ tag: 'ether' }]);
    let state = reduceLive(initialLiveState, { type: 'batch', result: latest, at: 1_000 });
    state = reduceLive(state, {
      type: 'snapshot',
      snapshot: snapshot({ latest, history: [latest] }),
      at: 9_000,
    });
    expect(state.receivedAt).toBe(1_000);
  });

  it('tells reconnecting from disconnected and remembers when the connection was lost', () => {
    let state = reduceLive(initialLiveState, { type: 'connected' });
    state = reduceLive(state, { type: 'connection-lost', willRetry: true, at: 5_000 });
    expect(state.connection).toBe('reconnecting');
    state = reduceLive(state, { type: 'reconnect-attempt', attempt: 3, at: 8_000 });
    expect(state).toMatchObject({ connection: 'reconnecting', reconnectAttempts: 3, lostAt: 5_000 });
    state = reduceLive(state, { type: 'connected' });
    expect(state).toMatchObject({ connection: 'connected', reconnectAttempts: 0, lostAt: null });
    state = reduceLive(state, { type: 'connection-lost', willRetry: false, at: 9_000 });
    expect(state.connection).toBe('disconnected');
  });

  it('keeps when the next reconnection is due while the connection is down, and forgets it once back', () => {
    let state = reduceLive(initialLiveState, { type: 'connected' });
    state = reduceLive(state, { type: 'connection-lost', willRetry: true, at: 5_000 });
    state = reduceLive(state, { type: 'retry-scheduled', retryAt: 6_000 });
    expect(state.nextRetryAt).toBe(6_000);
    state = reduceLive(state, { type: 'reconnect-attempt', attempt: 1, at: 6_000 });
    expect(state.nextRetryAt).toBeNull();
    state = reduceLive(state, { type: 'retry-scheduled', retryAt: 8_000 });
    state = reduceLive(state, { type: 'connected' });
    expect(state.nextRetryAt).toBeNull();
    expect(reduceLive(state, { type: 'retry-scheduled', retryAt: 9_000 }).nextRetryAt).toBeNull();
  });

  it('keeps the recent rates of the source, bounded', () => {
    let state = initialLiveState;
    for (let i = 0; i < RATE_LIMIT + 3; i++) {
      state = reduceLive(state, { type: 'source', status: { ...source, tweetsPerSec: i } });
    }
    expect(state.rates).toHaveLength(RATE_LIMIT);
    expect(state.rates.at(-1)).toBe(RATE_LIMIT + 2);
  });

  it('applies source, keyword and settings pushes', () => {
    let state = reduceLive(initialLiveState, { type: 'source', status: { ...source, tweetsPerSec: 99 } });
    state = reduceLive(state, { type: 'track', keywords: ['a', 'b'] });
    state = reduceLive(state, { type: 'settings', settings: { ...settings, topK: 5 } });
    expect(state.source?.tweetsPerSec).toBe(99);
    expect(state.keywords).toEqual(['a', 'b']);
    expect(state.settings?.topK).toBe(5);
  });
});
