import net from 'node:net';
import { LineSplitter } from '@tagstream/recordings';
import { ByteLineReader, type LineTally, type LineTarget } from '@tagstream/stream';
import { systemClock, type TimerHandle, type Timers } from '@tagstream/time';
import type { Logger } from 'pino';
import { reconnectDelay } from './backoff.ts';
import type { LogReader } from './log-reader.ts';

/** Where to read lines from: `tcp://host:port`. */
export interface TcpAddress {
  host: string;
  port: number;
}

/** Parses `tcp://HOST:PORT` (IPv6 in brackets). Returns null for anything else. */
export function parseTcpUrl(url: string): TcpAddress | null {
  const m = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d{1,5})\/?$/.exec(url);
  if (!m) return null;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return null;
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

export interface TcpLineSourceEvents {
  /** A chunk of bytes arrived; its lines follow (the start of the close-to-emit lag). */
  received?(): void;
  /** Each line, split with the byte cap (not called when `chunk` or the `lines` option takes the bytes). */
  line?(line: string): void;
  /** A line longer than the cap was dropped (not called when `chunk` or the `lines` option takes the bytes). */
  oversized?(): void;
  /**
   * Takes the bytes as they arrive instead of lines, for a reader that splits them itself with
   * the same rules (`ByteLineReader`, the byte-level hot path); `closed` then marks the end of a
   * connection, after which a line it left open is complete. With a `reader`, the lines of the
   * chunks are then the chunk reader's to put to it (`ByteLineReader`'s gate): the source only
   * sends the request on connecting.
   */
  chunk?(chunk: Buffer): void;
  closed?(): void;
  status(connected: boolean, state: string): void;
  /** Every line of one received chunk has been handled: a safe moment to checkpoint. */
  handled?(): void;
  /** The peer closed the connection cleanly (only reported when `endOnClose`). */
  end(): void;
}

export interface TcpLineSourceOptions {
  address: TcpAddress;
  logger: Logger;
  maxLineBytes?: number;
  /** Stop at the peer's clean close instead of reconnecting (the `count` command's "stream until closed"). */
  endOnClose?: boolean;
  events: TcpLineSourceEvents;
  /** Timers for the reconnect delay; the system clock by default. */
  clock?: Timers;
  /**
   * Reads the ingestor's log by offset: a request line is sent on every connect, and offset lines
   * are taken out of the stream (DESIGN.md §3). Without it, the source is read as plain lines.
   */
  reader?: LogReader;
  /**
   * Where the lines go, read from the bytes as they arrive (`ByteLineReader`: the line splitter's
   * rules, the byte-level reader's hot path, the log `reader` as its gate deciding on bytes which
   * lines are counted), instead of a string per line to `line`. An oversized line is counted in
   * `tally.oversized` and as malformed.
   */
  lines?: { target: LineTarget; tally: LineTally };
}

/**
 * A TCP client like Spark's `socketTextStream`: connects to any line source,
 * splits `\n`/`\r\n` lines with a per-line byte cap, and reconnects with backoff
 * when the source is not there yet or goes away.
 */
export class TcpLineSource {
  private socket: net.Socket | null = null;
  private timer: TimerHandle | undefined;
  private attempt = 0;
  private stopped = false;
  connected = false;
  reconnects = 0;
  bytes = 0;
  private holds = 0;
  /** What arrived while held (chunks, a close's last line), handled in order on release. */
  private heldWork: (() => void)[] = [];

  private readonly clock: Timers;

  constructor(private readonly options: TcpLineSourceOptions) {
    this.clock = options.clock ?? systemClock;
  }

  start(): void {
    this.connect();
  }

  /** Whether input waits (see hold). */
  get held(): boolean {
    return this.holds > 0;
  }

  /**
   * Reads nothing more (what arrives waits, in order) until the returned function is called:
   * the state fed by the lines stays still, e.g. while a snapshot of it is written.
   */
  hold(): () => void {
    this.holds++;
    this.socket?.pause();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds > 0) return;
      while (this.holds === 0 && this.heldWork.length > 0) this.heldWork.shift()!();
      if (this.holds === 0) this.socket?.resume();
    };
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
    this.socket?.destroy();
  }

  private connect(): void {
    const { address, logger, events } = this.options;
    const reader = this.options.reader;
    const maxLineBytes = this.options.maxLineBytes ?? 1024 * 1024;
    const splitter = new LineSplitter({ maxLineBytes });
    const into = this.options.lines;
    // One per connection, as the splitter: a line a connection left open ends with it.
    const bytes = into
      ? new ByteLineReader(into.target, into.tally, { maxLineBytes, ...(reader ? { gate: reader } : {}) })
      : null;
    const socket = net.connect({ host: address.host, port: address.port });
    this.socket = socket;
    let sawData = false;
    socket.on('connect', () => {
      this.connected = true;
      this.attempt = 0;
      if (reader) socket.write(JSON.stringify(reader.connected()) + '\n');
      logger.info({ source: `tcp://${address.host}:${address.port}` }, 'connected to line source');
      events.status(true, 'connected');
    });
    const onChunk = (chunk: Buffer): void => {
      sawData = true;
      this.bytes += chunk.length;
      events.received?.();
      if (events.chunk) {
        events.chunk(chunk);
      } else if (bytes) {
        bytes.push(chunk);
      } else {
        const before = splitter.oversized;
        if (reader) {
          for (const line of splitter.push(chunk)) if (reader.line(line) === 'feed') events.line?.(line);
        } else for (const line of splitter.push(chunk)) events.line?.(line);
        // A line over the cap had an offset too (the ingestor never writes one; offset lines resync anyway).
        for (let i = before; i < splitter.oversized; i++) {
          reader?.dropped();
          events.oversized?.();
        }
      }
      events.handled?.();
    };
    socket.on('data', (chunk: Buffer) => {
      if (this.holds > 0) {
        socket.pause();
        this.heldWork.push(() => onChunk(chunk));
        return;
      }
      onChunk(chunk);
      // A turn of the event loop after each chunk: libuv reads a busy socket up to 32 times in
      // one go, which held HTTP requests for most of a second under a flood.
      socket.pause();
      setImmediate(() => {
        if (this.holds === 0 && !socket.destroyed) socket.resume();
      });
    });
    socket.on('error', (err) => {
      logger.debug({ err: err.message }, 'line source error');
    });
    socket.on('close', (hadError) => {
      // Held, the close waits its turn too: a reconnect must not ask from a position still to move.
      if (this.holds > 0) this.heldWork.push(() => closed(hadError));
      else closed(hadError);
    });
    const closed = (hadError: boolean): void => {
      if (events.chunk) events.closed?.();
      else if (bytes) bytes.end();
      else
        for (const line of splitter.end()) if (!reader || reader.line(line) === 'feed') events.line?.(line);
      const wasConnected = this.connected;
      this.connected = false;
      if (this.stopped) return;
      if (this.options.endOnClose && wasConnected && !hadError) {
        events.status(false, 'closed by source');
        events.end();
        return;
      }
      if (wasConnected && sawData) this.attempt = 0;
      const delay = reconnectDelay(this.attempt++);
      this.reconnects++;
      const state = `reconnecting in ${(delay / 1000).toFixed(1)} s`;
      if (wasConnected) logger.warn({ delay }, 'line source closed; reconnecting');
      events.status(false, state);
      this.timer = this.clock.setTimeout(() => this.connect(), delay);
    };
  }
}
export { LogReader, type LogPosition, type LogReaderEvents } from './log-reader.ts';
