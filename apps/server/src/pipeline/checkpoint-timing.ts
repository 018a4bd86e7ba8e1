import type { Clock } from '@tagstream/time';
import type { Logger } from 'pino';
import type { CheckpointFile } from '../checkpoint/checkpoint-file.ts';

export interface CheckpointTimingOptions {
  file: CheckpointFile;
  /** A checkpoint after this many results… */
  everyResults: number;
  /** …and at least this often (wall ms) while input arrives; default 10 s. */
  everyMs?: number;
  clock: Clock;
  logger: Logger;
  /**
   * The state to write, taken at once (between two inputs, never from inside the counter); it
   * may hold views of the live state (see jsonSlices), kept still by `hold` while it is written.
   */
  take: () => unknown;
  /** Keeps the state still until the returned function is called (once the snapshot is serialized). */
  hold?: () => () => void;
  /** Lines read so far: with none since the last checkpoint, there is nothing new to write. */
  lines: () => number;
  /** Input read but not yet fed to the state: the state is taken only once there is none (PacedInput). */
  input?: { readonly busy: boolean; settled(): Promise<void> };
}

/**
 * When the pipeline checkpoints (DESIGN.md §8): after every `everyResults` results, and at
 * least every `everyMs` of wall time while input arrives, whatever the load; one write at a
 * time, each taking the state at once. A checkpoint that falls due while one is being written
 * is written right after it, so a slow write delays the next one but never skips it. A result
 * is announced from inside the counter, half-way through an update, so the checkpoint it calls
 * for is queued for when the current input has been processed.
 */
export class CheckpointTiming {
  private writtenAt: number | null = null;
  private triedAt: number;
  private writing: Promise<void> | null = null;
  private queued = false;
  /** A checkpoint fell due while one was being written: write again when it is done. */
  private again = false;
  private results = 0;
  private linesAt = 0;
  private abort: AbortController | null = null;
  /** Milliseconds the last checkpoint held the event loop while taking the state (the only part done at once). */
  lastPauseMs = 0;
  /** The longest such pause since start. */
  maxPauseMs = 0;
  /** Milliseconds from taking the state to the file being in place, for the last checkpoint. */
  lastDurationMs = 0;

  constructor(private readonly o: CheckpointTimingOptions) {
    this.triedAt = o.clock.now();
  }

  /** Wall time at which the state in the newest checkpoint file was taken, or null. */
  get lastWrittenAt(): number | null {
    return this.writtenAt;
  }

  /** A result was emitted: every `everyResults`, a checkpoint once the current input is done. */
  resultEmitted(): void {
    if (++this.results < this.o.everyResults || this.queued) return;
    if (this.writing !== null) {
      this.again = true;
      return;
    }
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      if (this.writing === null) void this.writeNow();
    });
  }

  /** The wall tick: a checkpoint when input arrived and `everyMs` passed since the last one began. */
  tick(): void {
    const due =
      this.o.lines() !== this.linesAt && this.o.clock.now() - this.triedAt >= (this.o.everyMs ?? 10_000);
    if (!due) return;
    if (this.writing === null) void this.writeNow();
    else this.again = true;
  }

  /**
   * The state is about to change while a snapshot of it is being written (a settings change):
   * that write stops, the file in place stays, and another is written after it.
   */
  abandon(): void {
    if (this.abort === null) return;
    this.abort.abort();
    this.again = true;
  }

  /** Writes a checkpoint now (after the one being written). Failures are logged, never thrown. */
  async writeNow(): Promise<void> {
    while (this.writing !== null || this.o.input?.busy === true)
      await (this.writing ?? this.o.input!.settled());
    const { clock } = this.o;
    const takenAt = clock.now();
    const started = clock.monotonic();
    const release = once(this.o.hold?.());
    const abort = new AbortController();
    this.abort = abort;
    let value: unknown;
    try {
      value = this.o.take();
    } catch (err) {
      release();
      throw err;
    }
    this.lastPauseMs = clock.monotonic() - started;
    this.maxPauseMs = Math.max(this.maxPauseMs, this.lastPauseMs);
    this.again = false;
    this.results = 0;
    this.linesAt = this.o.lines();
    this.triedAt = takenAt;
    this.writing = this.o.file
      .write(value, { signal: abort.signal, serialized: release })
      .then(() => {
        this.writtenAt = takenAt;
        this.lastDurationMs = clock.monotonic() - started;
      })
      .catch((err: Error) => {
        if (abort.signal.aborted)
          this.o.logger.info('checkpoint abandoned: the state changed while it was written');
        else this.o.logger.error({ err: err.message }, 'checkpoint write failed');
      })
      .finally(() => {
        release();
        this.writing = null;
        this.abort = null;
      });
    await this.writing;
    if (this.again) void this.writeNow();
  }
}

/** `fn` callable any number of times, running once (a no-op without one). */
function once(fn: (() => void) | undefined): () => void {
  let done = fn === undefined;
  return () => {
    if (done) return;
    done = true;
    fn!();
  };
}
