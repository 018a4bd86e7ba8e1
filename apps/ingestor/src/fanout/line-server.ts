import { once } from 'node:events';
import net from 'node:net';
import { systemClock, type TimerHandle, type Timers } from '@tagstream/time';
import type { Logger } from 'pino';
import { LineBacklog } from './line-backlog.ts';

/**
 * A burst is written out early once it holds this many characters, so that a caller sending
 * without ever yielding still has its consumers' buffers checked against their bound.
 */
const MAX_BURST_CHARS = 256 * 1024;

export interface LineServerOptions {
  host: string;
  port: number;
  logger: Logger;
  /** A consumer whose unsent bytes exceed this is cut off, so it cannot hold memory or slow the others. */
  maxConsumerBufferBytes?: number;
  /** Lines younger than this (and within backlogBytes) are kept and sent to each consumer on connect. */
  backlogMs?: number;
  backlogBytes?: number;
  /** A consumer holding a max-speed replay back for this long is cut off. */
  stallMs?: number;
  /** Wall time and timers for the backlog's age bound and the stall bound; the system clock by default. */
  clock?: Timers;
}

/** Counters for the control API and metrics. */
export interface LineServerStats {
  consumers: number;
  linesSent: number;
  consumersCutOff: number;
  backlog: number;
  backlogDropped: number;
}

/**
 * The ingestor's TCP fan-out (DESIGN.md §1, §7): any number of consumers (our
 * core, `nc`, Spark's `socketTextStream`) each get every line, `\n`-terminated.
 * Each consumer has its own bounded buffer; one that stops reading is cut off with
 * a logged reason and never slows the others.
 */
export class LineServer {
  private readonly server: net.Server;
  private readonly consumers = new Set<net.Socket>();
  /**
   * Consumers still being sent the kept lines they got on connect, with the characters queued for
   * them since. Those kept lines (up to the backlog bound) do not count against the consumer's
   * buffer bound: a core reconnecting during a fast replay would otherwise be cut off at once.
   */
  private readonly catchingUp = new Map<net.Socket, number>();
  private readonly backlog: LineBacklog;
  private readonly maxBuffer: number;
  private readonly clock: Timers;
  private readonly stallMs: number;
  private linesSent = 0;
  private cutOff = 0;
  /** Characters sent in this tick: its lines are written to every consumer as one string when it ends. */
  private burstChars = 0;
  private flushQueued = false;
  private drainWaiters: (() => void)[] = [];
  private consumerWaiters: (() => void)[] = [];

  constructor(private readonly options: LineServerOptions) {
    this.maxBuffer = options.maxConsumerBufferBytes ?? 16 * 1024 * 1024;
    this.backlog = new LineBacklog(options.backlogMs ?? 30_000, options.backlogBytes ?? 64 * 1024 * 1024);
    this.clock = options.clock ?? systemClock;
    this.stallMs = options.stallMs ?? 10_000;
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
    return {
      consumers: this.consumers.size,
      linesSent: this.linesSent,
      consumersCutOff: this.cutOff,
      backlog: this.backlog.size,
      backlogDropped: this.backlog.dropped,
    };
  }

  /**
   * Sends one line (without its `\n`) to every consumer and keeps it for those that connect later.
   * The lines of one tick go out together at its end: a socket write per line per consumer was the
   * largest cost of a max-speed replay (docs/performance.md, "The TCP profile").
   */
  send(line: string): void {
    this.backlog.push(line, this.clock.now());
    this.burstChars += line.length + 1;
    if (this.burstChars >= MAX_BURST_CHARS) this.flush();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      // nextTick, not a microtask: the replay awaits between its lines, which would end a burst at each one.
      process.nextTick(this.flushAtTickEnd);
    }
  }

  /** Resolves once every consumer's buffer is below half its bound: how a max-speed replay keeps pace with the readers. */
  async writable(): Promise<void> {
    this.flush();
    const highWater = this.maxBuffer / 2;
    const deadline = this.clock.now() + this.stallMs;
    while (this.busiest() > highWater) {
      const remaining = deadline - this.clock.now();
      if (remaining <= 0) {
        // A consumer that has not drained for stallMs would hold every other reader back.
        for (const s of [...this.consumers])
          if (this.pending(s) > highWater) this.cut(s, 'it stopped reading');
        continue;
      }
      let timer: TimerHandle | undefined;
      await new Promise<void>((resolve) => {
        this.drainWaiters.push(resolve);
        timer = this.clock.setTimeout(resolve, remaining);
      });
      this.clock.clearTimeout(timer);
    }
  }

  /** Resolves when at least one consumer is connected. */
  async hasConsumer(): Promise<void> {
    if (this.consumers.size > 0) return;
    await new Promise<void>((resolve) => this.consumerWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.flush();
    for (const socket of this.consumers) socket.end();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Consumers that do not finish within a moment are not allowed to hold shutdown. On the
    // system clock, not the injected one: a test's manual clock must never hold up a close.
    const timer = systemClock.setTimeout(() => {
      for (const socket of this.consumers) socket.destroy();
    }, 1000);
    await closed;
    systemClock.clearTimeout(timer);
    this.wakeDrainWaiters();
  }

  private accept(socket: net.Socket): void {
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    socket.setNoDelay(true);
    socket.on('drain', () => this.wakeDrainWaiters());
    socket.on('error', (err) => this.options.logger.warn({ peer, err: err.message }, 'consumer error'));
    socket.on('close', () => {
      this.consumers.delete(socket);
      this.catchingUp.delete(socket);
      this.options.logger.info({ peer, consumers: this.consumers.size }, 'consumer disconnected');
      this.wakeDrainWaiters();
    });
    // Consumers only read; whatever they send (a stray newline from nc) is ignored.
    socket.resume();
    // Node ends every tick before an I/O callback such as this one, so no burst should be waiting;
    // if one were, it is among the kept lines already: the others must get it now, the newcomer
    // with the kept lines. What is sent from here on goes to the newcomer too, after them.
    this.flush();
    const kept = this.backlog.recent(this.clock.now());
    if (kept.lines > 0) {
      this.write(socket, kept.text);
      this.linesSent += kept.lines;
      this.catchingUp.set(socket, 0);
    }
    this.consumers.add(socket);
    this.options.logger.info({ peer, consumers: this.consumers.size }, 'consumer connected');
    if (kept.lines > 0)
      this.options.logger.info({ peer, lines: kept.lines }, 'sending the newest kept lines');
    const waiters = this.consumerWaiters;
    this.consumerWaiters = [];
    for (const w of waiters) w();
  }

  private readonly flushAtTickEnd = (): void => {
    this.flushQueued = false;
    this.flush();
  };

  /** Writes the lines sent so far to every consumer, in one write each. */
  private flush(): void {
    const burst = this.backlog.seal();
    if (burst === null) return;
    this.burstChars = 0;
    if (this.consumers.size === 0) return;
    for (const socket of this.consumers) this.write(socket, burst.text);
    this.linesSent += burst.lines;
  }

  private write(socket: net.Socket, data: string): void {
    if (socket.destroyed) return;
    if (this.pending(socket) > this.maxBuffer) {
      this.cut(socket, 'its buffer reached the limit');
      return;
    }
    socket.write(data);
    const after = this.catchingUp.get(socket);
    if (after !== undefined) this.catchingUp.set(socket, after + data.length);
  }

  /**
   * What a consumer has not read yet, in the unit of `writableLength` (characters of the strings
   * written), leaving out the kept lines it got on connect: the data is queued in order, so of the
   * unsent data at most what was queued after those lines is new.
   */
  private pending(socket: net.Socket): number {
    const unsent = socket.writableLength;
    const after = this.catchingUp.get(socket);
    if (after === undefined) return unsent;
    if (unsent <= after) {
      // The kept lines are all out.
      this.catchingUp.delete(socket);
      return unsent;
    }
    return after;
  }

  private cut(socket: net.Socket, why: string): void {
    this.cutOff++;
    this.options.logger.warn(
      {
        peer: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`,
        bufferedBytes: socket.writableLength,
      },
      `consumer cut off: ${why}`,
    );
    this.consumers.delete(socket);
    this.catchingUp.delete(socket);
    // A reset, not a FIN: a reader that is not reading would never see a FIN queued behind its unread data.
    socket.resetAndDestroy();
    this.wakeDrainWaiters();
  }

  private busiest(): number {
    let max = 0;
    for (const s of this.consumers) max = Math.max(max, this.pending(s));
    return max;
  }

  private wakeDrainWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }
}
