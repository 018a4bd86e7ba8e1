import { describe, expect, it } from 'vitest';
import type { SourceStatus } from '@tagstream/protocol';
import { viewState, type ViewStateInput } from './view-state.ts';

const replay = {
  files: ['demo.jsonl.gz'],
  position: 10,
  total: 100,
  speed: 10,
  paused: false,
  loop: true,
  tweetTime: null,
};
const source: SourceStatus = {
  kind: 'replay',
  address: 'tcp://x',
  connected: true,
  tweetsPerSec: 5,
  state: 'connected',
  replay,
};
const base: ViewStateInput = {
  connection: 'connected',
  lostAt: null,
  nextRetryAt: null,
  source,
  now: 10_000,
};

describe('viewState', () => {
  it('is live while connected and the replay plays', () => {
    expect(viewState(base)).toEqual({ kind: 'live', text: 'Live', stale: false });
  });

  it('says paused and finished, which the connection alone does not', () => {
    expect(viewState({ ...base, source: { ...source, replay: { ...replay, paused: true } } }).text).toBe(
      'Paused',
    );
    const finished = { ...replay, loop: false, position: 100 };
    expect(viewState({ ...base, source: { ...source, replay: finished } }).kind).toBe('finished');
  });

  it('counts down to the next reconnection, and calls the server gone after a blip', () => {
    const lost = { ...base, connection: 'reconnecting' as const, lostAt: 9_500, nextRetryAt: 11_200 };
    expect(viewState(lost)).toEqual({ kind: 'reconnecting', text: 'Reconnecting in 2 s', stale: true });
    expect(viewState({ ...lost, now: 12_000, nextRetryAt: 14_100 })).toEqual({
      kind: 'gone',
      text: 'Server gone · reconnecting in 3 s',
      stale: true,
    });
    expect(viewState({ ...lost, now: 12_000, nextRetryAt: 11_900 }).text).toBe(
      'Server gone · reconnecting now',
    );
    expect(viewState({ ...base, connection: 'disconnected' }).text).toBe('Server gone');
  });

  it('marks the figures stale when the source is down, and ranks the server above a paused replay', () => {
    expect(
      viewState({ ...base, source: { ...source, connected: false, state: 'reconnecting in 2 s' } }),
    ).toEqual({
      kind: 'source-down',
      text: 'Source reconnecting in 2 s',
      stale: true,
    });
    const paused = { ...source, replay: { ...replay, paused: true } };
    expect(viewState({ ...base, source: paused, connection: 'disconnected' }).kind).toBe('gone');
  });
});
