import type net from 'node:net';

/** One consumer of the line server, and where it stands in the log. */
export class LogConsumer {
  /** True until it sent its request line, or the wait for one ended: nothing is sent meanwhile. */
  opening = true;
  /** It asked for offsets (our core): it gets offset lines, and reads the log when behind. */
  asked = false;
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
