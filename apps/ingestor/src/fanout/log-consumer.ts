import type net from 'node:net';

/** One consumer of the line server, and where it stands in the log. */
export class LogConsumer {
  /** True until it sent its request line, or the wait for one ended: nothing is sent meanwhile. */
  opening = true;
  /** It asked for offsets (our core): it gets offset lines, and reads the log when behind. */
  asked = false;
  /** Ends the wait for its request line at once (it is then served as a plain consumer). */
  serveNow: () => void = () => undefined;
  /** The offset of the next line to send it. */
  cursor: number;

  constructor(
    readonly socket: net.Socket,
    readonly peer: string,
    from: number,
  ) {
    this.cursor = from;
  }
}
