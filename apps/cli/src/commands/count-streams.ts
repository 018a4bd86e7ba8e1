import type { BatchResult } from '@tagstream/protocol';
import { CheckpointFile } from '@tagstream/server/checkpoint-file';
import { LogReader, parseTcpUrl, TcpLineSource, type LogPosition } from '@tagstream/server/tcp-line-source';
import {
  assertReadableCheckpoint,
  ByteLineReader,
  emptyLineTally,
  type CountingSession,
} from '@tagstream/stream';
import { systemClock } from '@tagstream/time';
import type { Logger } from 'pino';
import { UsageError } from '../usage-error.ts';
import { countingSession, type Counting } from './count-session.ts';

/** Plain-text lines (nc) run on wall time: something must close their batches when no line arrives. */
function startTicking(session: CountingSession): () => void {
  const ticker = systemClock.setInterval(() => session.tick(), 250);
  return () => systemClock.clearTimeout(ticker);
}

/** Standard input, read as bytes (`ByteLineReader`: the byte path, with the line splitter's rules). */
export async function countStdin(session: CountingSession, afterInput: () => void): Promise<void> {
  const reader = new ByteLineReader(session, emptyLineTally());
  const stopTicking = startTicking(session);
  try {
    for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
      reader.push(chunk);
      afterInput();
    }
    reader.end();
  } finally {
    stopTicking();
  }
}

/**
 * A session for a stream, resumed from `file` when it holds a checkpoint made with
 * the same settings. Checkpoints are written between input chunks (never from
 * inside an emission), every `every` results, and once more at the end.
 */
export async function checkpointedSession(
  counting: Counting,
  print: (r: BatchResult) => void,
  path: string | undefined,
  every: number,
): Promise<{
  session: CountingSession;
  afterInput: () => void;
  finish: () => Promise<void>;
  reader: LogReader;
}> {
  let sinceCheckpoint = 0;
  const sink = (r: BatchResult): void => {
    sinceCheckpoint++;
    print(r);
  };
  if (path === undefined) {
    const session = countingSession(counting, sink);
    return {
      session,
      afterInput: () => undefined,
      finish: async () => undefined,
      reader: logReader(session, null),
    };
  }
  const file = new CheckpointFile(path);
  const read = await file.read((v) => assertReadableCheckpoint(v, systemClock));
  if (read.kind === 'set-aside') {
    process.stderr.write(
      `tagstream: checkpoint unreadable (${read.reason}); moved to ${read.movedTo}, starting fresh\n`,
    );
  }
  const session = countingSession(counting, sink);
  let position: LogPosition | null = null;
  if (read.kind === 'ok') {
    if (session.restore(read.value, { sameSettings: true }).resumed)
      position = (read.value as { source?: { position?: LogPosition } }).source?.position ?? null;
    else process.stderr.write('tagstream: the checkpoint was made with other settings; starting fresh\n');
  }
  const reader = logReader(session, position);
  let writing: Promise<void> = Promise.resolve();
  const write = (): Promise<void> => {
    sinceCheckpoint = 0;
    // The log position is taken with the state it belongs to: a restart asks for the lines after it.
    const value = session.checkpoint({ position: reader.position });
    writing = writing.then(() => file.write(value));
    return writing;
  };
  return {
    session,
    afterInput: () => {
      if (sinceCheckpoint >= every) void write();
    },
    finish: () => write(),
    reader,
  };
}

/** Reads a TCP source's log by offset (DESIGN.md §3): a gap is counted as lost and said on stderr. */
function logReader(session: CountingSession, from: LogPosition | null): LogReader {
  return new LogReader(
    {
      lost: (lines) => {
        session.lost(lines);
        process.stderr.write(
          `tagstream: ${lines} lines were lost: they had left the source's log before count asked for them\n`,
        );
      },
      logChanged: () =>
        process.stderr.write(
          "tagstream: the source's log is not the one the checkpoint read; counting its current stream\n",
        ),
      refused: (reason) => process.stderr.write(`tagstream: the source refused the connection: ${reason}\n`),
    },
    from,
  );
}

/**
 * A TCP line source, read as bytes, until it closes the connection (or Ctrl+C); `log` reads the
 * ingestor's log by offset, deciding which lines are counted (`LineGate`).
 */
export async function countTcp(
  url: string,
  session: CountingSession,
  logger: Logger,
  afterInput: () => void,
  log: LogReader,
): Promise<void> {
  const address = parseTcpUrl(url);
  if (address === null) throw new UsageError(`not a TCP address: ${url} (use tcp://HOST:PORT)`);
  const tally = emptyLineTally();
  // One reader per connection, as the line splitter is: a line a connection left open ends with it.
  const newReader = (): ByteLineReader => new ByteLineReader(session, tally, { gate: log });
  let reader = newReader();
  // Said once per outage, at warn level: a count that waits in silence looks hung.
  let warned = false;
  await new Promise<void>((resolve) => {
    const source = new TcpLineSource({
      address,
      logger,
      endOnClose: true,
      reader: log,
      events: {
        chunk: (chunk) => reader.push(chunk),
        closed: () => {
          reader.end();
          reader = newReader();
        },
        // Not called: `chunk` takes the bytes.
        line: () => undefined,
        oversized: () => undefined,
        handled: afterInput,
        status: (connected) => {
          if (connected) warned = false;
          else if (!warned) {
            warned = true;
            logger.warn(`nothing is listening at ${url}; retrying until a source does (Ctrl+C to stop)`);
          }
        },
        end: () => {
          stopTicking();
          source.stop();
          resolve();
        },
      },
    });
    const stopTicking = startTicking(session);
    const stop = (): void => {
      stopTicking();
      source.stop();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    source.start();
  });
}
