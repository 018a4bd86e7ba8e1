import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ManualClock } from '@tagstream/time';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointFile } from '../checkpoint/checkpoint-file.ts';
import { CheckpointTiming } from './checkpoint-timing.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A timing over a real checkpoint file; `state` and `lines` stand for the pipeline's. */
async function timing(everyResults: number, everyMs = 10_000) {
  const dir = await mkdtemp(path.join(tmpdir(), 'tagstream-ckpt-timing-'));
  dirs.push(dir);
  const file = new CheckpointFile(path.join(dir, 'core.ckpt.gz'));
  const clock = new ManualClock(1_000_000);
  const input = { state: 0, lines: 0, takes: 0 };
  const t = new CheckpointTiming({
    file,
    everyResults,
    everyMs,
    clock,
    logger: pino({ level: 'silent' }),
    take: () => {
      input.takes++;
      return { state: input.state };
    },
    lines: () => input.lines,
  });
  const saved = async (): Promise<unknown> => {
    const read = await file.read(() => undefined);
    return read.kind === 'ok' ? read.value : null;
  };
  return { t, clock, input, saved };
}

/** Lets queued microtasks (a checkpoint queued by a result) run. */
const afterInput = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('CheckpointTiming', () => {
  it('writes after every N results, once the current input is done, never from inside it', async () => {
    const { t, input, saved } = await timing(3);
    input.state = 1;
    t.resultEmitted();
    t.resultEmitted();
    await afterInput();
    expect(input.takes).toBe(0);
    t.resultEmitted();
    // Still inside the input that emitted the third result: its state may be half-way.
    expect(input.takes).toBe(0);
    input.state = 2;
    await afterInput();
    expect(input.takes).toBe(1);
    await t.writeNow();
    expect(await saved()).toEqual({ state: 2 });
    // The count starts again after a checkpoint.
    t.resultEmitted();
    t.resultEmitted();
    await afterInput();
    expect(input.takes).toBe(2);
  });

  it('writes on the wall tick when input arrived and the interval passed since the last one', async () => {
    const { t, clock, input, saved } = await timing(1_000, 10_000);
    clock.advance(60_000);
    t.tick();
    // No line since the start: nothing new to keep.
    expect(input.takes).toBe(0);
    input.lines = 5;
    input.state = 7;
    t.tick();
    expect(input.takes).toBe(1);
    await t.writeNow();
    expect(input.takes).toBe(2);
    expect(await saved()).toEqual({ state: 7 });
    expect(t.lastWrittenAt).toBe(clock.now());
    input.lines = 6;
    clock.advance(9_999);
    t.tick();
    expect(input.takes).toBe(2);
    clock.advance(1);
    t.tick();
    expect(input.takes).toBe(3);
    await t.writeNow();
  });

  it('writes one checkpoint at a time, each with the state as it was when its turn came', async () => {
    const { t, input, saved } = await timing(1);
    input.state = 1;
    const first = t.writeNow();
    input.state = 2;
    const second = t.writeNow();
    await Promise.all([first, second]);
    expect(input.takes).toBe(2);
    expect(await saved()).toEqual({ state: 2 });
  });
});

describe('CheckpointTiming under load', () => {
  it('writes a checkpoint that fell due during a slow write right after it, never skipping it', async () => {
    const { t, clock, input } = await timing(1_000, 10_000);
    input.lines = 1;
    clock.advance(10_000);
    t.tick();
    expect(input.takes).toBe(1);
    // While that write is under way the interval passes again, with new input.
    input.lines = 2;
    clock.advance(10_000);
    t.tick();
    expect(input.takes).toBe(1);
    await t.writeNow();
    // The one that fell due, then the one asked for.
    expect(input.takes).toBe(3);
  });

  it('measures how long taking the state held the event loop', async () => {
    const { t, input } = await timing(1);
    input.state = 1;
    await t.writeNow();
    expect(t.lastPauseMs).toBeGreaterThanOrEqual(0);
    expect(t.maxPauseMs).toBe(t.lastPauseMs);
    expect(t.lastDurationMs).toBeGreaterThanOrEqual(t.lastPauseMs);
  });
});
