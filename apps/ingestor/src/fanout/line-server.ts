import { once } from 'node:events';
import net from 'node:net';
import type { LineFormat } from '@tagstream/protocol';
import { systemClock, type TimerHandle, type Timers } from '@tagstream/time';
import type { Logger } from 'pino';
import type { LineLog } from '../log/line-log.ts';
import { LogConsumer } from './log-consumer.ts';
import { MAX_REQUEST_BYTES, parseResumeRequest, resumeOffset } from './resume-request.ts';

/**
 * A burst is appended early once it holds this many characters, so that a caller sending
 * without ever yielding still has its lines committed and sent in pieces of a bounded size.
 */
const MAX_BURST_CHARS = 256 * 1024;

export interface LineServerOptions {
  host: string;
  port: number;
  logger: Logger;
  /** Where every line is appended before any consumer gets it (DESIGN.md §8). */
  log: LineLog;
  /** Offsets are served with the JSON format only (a text line could look like an offset line). */
  format: LineFormat;
  /** A plain consumer whose unsent bytes exceed this is cut off; one reading offsets falls back to the log. */
  maxConsumerBufferBytes?: number;
  /** Consumers past this many are refused with a line that says why. */
  maxConsumers?: number;
  /** How long a new consumer may take to send its request line before it is served as a plain one. */
  requestWaitMs?: number;
  /** A fast source waits while the log has this many bytes appended but not committed. */
  maxUncommittedBytes?: number;
  /**
   * Wall time for the log's age bound; the system clock by default. Waits on sockets (the request
   * line, `drained`) run on the system clock: a test's manual clock must never hold a consumer up.
   */
  clock?: Timers;
}

/** Counters for the control API and metrics. */
export interface LineServerStats {
  consumers: number;
  linesSent: number;
  consumersCutOff: number;
  consumersRefused: number;
  /** Lines that left the log before a consumer reading offsets got them. */
  linesSkipped: number;
  logFirst: number;
  logEnd: number;
  logBytes: number;
}

/**
 * A burst appended to the log and not yet committed: its bytes, encoded once for the log and every
 * consumer it goes to (a string would be encoded again by the log and by each socket).
 */
interface InFlight {
  bytes: Buffer;
  lines: number;
  committed: Promise<number>;
}

/**
 * The ingestor's TCP fan-out (DESIGN.md §1, §3, §7, §8): any number of consumers (our core, `nc`,
 * Spark's `socketTextStream`) each get every line, `\n`-terminated. Every line goes to the log
 * first and to consumers once committed there, so an offset never names two lines.
 *
 * A consumer may send one request line right after connecting, to read from an offset (our core
 * does); until it does, or `requestWaitMs` passes, it is sent nothing, and then the lines from the
 * moment it connected on, out of the log: nothing is lost while it makes up its mind, and the
 * source never waits on it. A consumer that keeps up gets each burst as it commits; one that falls
 * behind reads from the log at its own pace (offsets) or, a plain one, is cut off once its own
 * bounded buffer overflows, with a log line naming it. Nothing a consumer does slows the source:
 * a fast source is paced by the log alone (`writable`).
 */
export class LineServer {
  private readonly server: net.Server;
  private readonly consumers = new Set<LogConsumer>();
  private readonly maxBuffer: number;
  private readonly clock: Timers;
  private readonly log: LineLog;
  private burst: string[] = [];
  private burstChars = 0;
  private flushQueued = false;
  private inFlight: InFlight[] = [];
  /** The offset the next line sent will get. */
  private nextOffset: number;
  /** The offset of the current stream's `begin` line, for consumers asking for the stream. */
  private streamStart: number | null = null;
  private linesSent = 0;
  private cutOff = 0;
  private refused = 0;
  private skipped = 0;
  private consumerWaiters: (() => void)[] = [];
  private closed = false;
  private offsetReaders = 0;

  constructor(private readonly options: LineServerOptions) {
    this.maxBuffer = options.maxConsumerBufferBytes ?? 16 * 1024 * 1024;
    this.clock = options.clock ?? systemClock;
    this.log = options.log;
    this.nextOffset = this.log.end();
    this.server = net.createServer((socket) => this.accept(socket));
  }

  async listen(): Promise<{ host: string; port: number }> {
    this.server.listen(this.options.port, this.options.host);
    await once(this.server, 'listening');
    return this.address();
  }

  address(): { host: string; port: number } {
    const a = this.server.address();
    if (a === null || typeof a === 'string') throw new Error('line server is not listening');
    return { host: a.address, port: a.port };
  }

  stats(): LineServerStats {
    const log = this.log.stats();
    return {
      consumers: this.consumers.size,
      linesSent: this.linesSent,
      consumersCutOff: this.cutOff,
      consumersRefused: this.refused,
      linesSkipped: this.skipped,
      logFirst: log.first,
      logEnd: log.end,
      logBytes: log.bytes,
    };
  }

  /**
   * Sends one line (without its `\n`): appended to the log with the lines of this tick, then
   * written to every consumer that is up to date. `streamStart` marks a replay's `begin` line:
   * consumers asking for the stream start there.
   */
  send(line: string, streamStart = false): void {
    if (streamStart) this.streamStart = this.nextOffset;
    this.nextOffset++;
    this.burst.push(line);
    this.burstChars += line.length + 1;
    if (this.burstChars >= MAX_BURST_CHARS) this.flush();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      // nextTick, not a microtask: the replay awaits between its lines, which would end a burst at each one.
      process.nextTick(this.flushAtTickEnd);
    }
  }

  /** Resolves once the log has taken what was sent (within a bound): how a fast source keeps pace. */
  async writable(): Promise<void> {
    this.flush();
    const limit = this.options.maxUncommittedBytes ?? 8 * 1024 * 1024;
    while (this.log.uncommittedBytes() > limit && this.inFlight.length > 0) await this.inFlight[0]!.committed;
  }

  /** Resolves once every line sent so far is committed to the log. */
  async committed(): Promise<void> {
    this.flush();
    await Promise.allSettled(this.inFlight.map((f) => f.committed));
  }

  /** Resolves when at least one consumer is connected. */
  async hasConsumer(): Promise<void> {
    if (this.consumers.size > 0) return;
    await new Promise<void>((resolve) => this.consumerWaiters.push(resolve));
  }

  /**
   * Resolves once every line sent is committed and every connected consumer that asked for
   * offsets has been written all of them (false: `graceMs` passed first). With `waitForOne`, a
   * moment with no such consumer connected does not count as done: one that asked before may be
   * reconnecting.
   */
  async drained(graceMs: number, waitForOne: boolean, everyone = false): Promise<boolean> {
    const deadline = systemClock.now() + graceMs;
    await this.committed();
    for (;;) {
      const readers = [...this.consumers].filter((c) => c.asked || everyone);
      const done = readers.every((c) => c.cursor === this.log.end() && c.socket.writableLength === 0);
      if (done && (readers.length > 0 || !waitForOne)) return true;
      const remaining = deadline - systemClock.now();
      if (remaining <= 0) return false;
      await systemClock.sleep(Math.min(remaining, 100));
    }
  }

  /** Whether a consumer that asked for offsets has connected since start. */
  get hadOffsetReader(): boolean {
    return this.offsetReaders > 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    // Whoever is connected gets what was sent before the close, within a moment.
    for (const c of this.consumers) c.serveNow();
    await this.drained(1000, false, true);
    for (const c of this.consumers) c.socket.end();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Consumers that do not finish within a moment are not allowed to hold shutdown. On the
    // system clock, not the injected one: a test's manual clock must never hold up a close.
    const timer = systemClock.setTimeout(() => {
      for (const c of this.consumers) c.socket.destroy();
    }, 1000);
    await closed;
    systemClock.clearTimeout(timer);
  }

  private accept(socket: net.Socket): void {
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    const logger = this.options.logger;
    socket.setNoDelay(true);
    socket.on('error', (err) => logger.warn({ peer, err: err.message }, 'consumer error'));
    const max = this.options.maxConsumers ?? 64;
    if (this.consumers.size >= max || this.closed) {
      this.refused++;
      const why = this.closed ? 'the ingestor is stopping' : `the ingestor serves at most ${max} consumers`;
      logger.warn({ peer, consumers: this.consumers.size }, `consumer refused: ${why}`);
      socket.end(JSON.stringify({ refused: why }) + '\n');
      socket.resume();
      return;
    }
    // From here every line committed from this offset on is the newcomer's, sent once it is served.
    const c = new LogConsumer(socket, peer, this.nextOffset);
    this.consumers.add(c);
    socket.on('drain', () => this.pump(c));
    socket.on('close', () => {
      this.consumers.delete(c);
      systemClock.clearTimeout(timer);
      logger.info({ peer, consumers: this.consumers.size, offset: c.cursor }, 'consumer disconnected');
    });
    let head = '';
    const serve = (line: string | null): void => {
      if (!c.opening) return;
      systemClock.clearTimeout(timer);
      socket.off('data', onData);
      // Consumers only read from here on; whatever they send (a stray newline from nc) is ignored.
      socket.resume();
      const request = line === null || this.options.format !== 'json' ? null : parseResumeRequest(line);
      if (request !== null) {
        const log = this.log.stats();
        c.asked = true;
        this.offsetReaders++;
        c.cursor = resumeOffset(request, {
          id: this.log.id,
          first: log.first,
          end: this.nextOffset,
          streamStart: this.streamStart,
        });
        socket.write(JSON.stringify({ offset: c.cursor, log: this.log.id }) + '\n');
        logger.info(
          { peer, asked: request, from: c.cursor, consumers: this.consumers.size },
          'consumer reads from an offset',
        );
      } else {
        logger.info({ peer, consumers: this.consumers.size }, 'consumer connected');
      }
      c.opening = false;
      this.pump(c);
    };
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('utf8');
      const nl = head.indexOf('\n');
      if (nl >= 0) serve(head.slice(0, nl).replace(/\r$/, ''));
      else if (head.length > MAX_REQUEST_BYTES) serve(null);
    };
    c.serveNow = () => serve(null);
    socket.on('data', onData);
    // When the wait ends, a request already received (its read pending behind a busy turn of the
    // event loop) still wins: the decision waits for the poll phase to have run once more.
    const timer: TimerHandle = systemClock.setTimeout(
      () => setImmediate(() => serve(null)),
      this.options.requestWaitMs ?? 250,
    );
    const waiters = this.consumerWaiters;
    this.consumerWaiters = [];
    for (const w of waiters) w();
  }

  private readonly flushAtTickEnd = (): void => {
    this.flushQueued = false;
    this.flush();
  };

  /** Appends the lines sent so far to the log, as one burst; consumers get it once committed. */
  private flush(): void {
    if (this.burst.length === 0) return;
    const lines = this.burst.length;
    this.burst.push('');
    const text = this.burst.join('\n');
    this.burst = [];
    this.burstChars = 0;
    const bytes = Buffer.from(text, 'utf8');
    const committed = this.log.append(text, lines, this.clock.now(), bytes);
    const flight: InFlight = { bytes, lines, committed };
    this.inFlight.push(flight);
    committed.then(
      (offset) => {
        this.inFlight.shift();
        this.dispatch(offset, flight);
      },
      (err: Error) => {
        this.inFlight.shift();
        this.options.logger.error({ err: err.message, lines }, 'log append failed: lines not sent');
      },
    );
  }

  /** A burst committed at `offset`: written to every consumer served and up to date. */
  private dispatch(offset: number, flight: InFlight): void {
    for (const c of this.consumers) {
      if (c.opening || c.cursor !== offset) continue;
      if (c.socket.writableLength > this.maxBuffer) {
        // A consumer reading offsets catches up from the log when it drains; a plain one is cut off.
        if (!c.asked) this.cut(c, 'its buffer reached the limit');
        continue;
      }
      this.write(c, offset, flight.bytes, flight.lines);
    }
  }

  /** Sends a consumer that is behind what the log holds, while its buffer has room. */
  private pump(c: LogConsumer): void {
    const highWater = this.maxBuffer / 2;
    while (!c.opening && !c.socket.destroyed && c.socket.writableLength < highWater) {
      if (c.cursor >= this.log.end()) return;
      const slice = this.log.read(c.cursor, 1024 * 1024);
      if (slice.from > c.cursor) {
        const lost = slice.from - c.cursor;
        this.skipped += lost;
        this.options.logger.warn(
          { peer: c.peer, from: c.cursor, to: slice.from, lines: lost },
          `consumer ${c.peer} fell out of the log: ${lost} lines it had not read were dropped by the log's bounds`,
        );
      }
      c.cursor = slice.from;
      if (slice.lines === 0) return;
      this.write(c, slice.from, slice.text, slice.lines);
    }
  }

  /** Writes a run of lines; to a consumer reading offsets, after an offset line saying where it starts. */
  private write(c: LogConsumer, offset: number, text: string | Buffer, lines: number): void {
    if (c.asked) {
      // One write (writev) for both: the offset line never travels as a segment of its own.
      c.socket.cork();
      c.socket.write(`{"offset":${offset}}\n`);
      c.socket.write(text);
      c.socket.uncork();
    } else c.socket.write(text);
    c.cursor = offset + lines;
    this.linesSent += lines;
  }

  private cut(c: LogConsumer, why: string): void {
    this.cutOff++;
    this.options.logger.warn(
      { peer: c.peer, bufferedBytes: c.socket.writableLength },
      `consumer ${c.peer} cut off: ${why}`,
    );
    this.consumers.delete(c);
    // A reset, not a FIN: a reader that is not reading would never see a FIN queued behind its unread data.
    c.socket.resetAndDestroy();
  }
}
