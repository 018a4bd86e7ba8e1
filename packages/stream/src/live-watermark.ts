/**
 * The live watermark (DESIGN.md §3): the wall clock minus the expected delivery delay while the
 * stream is up. While it is down (and for one delay after it is back) the watermark holds where
 * it was when the stream went down: what X delivers on reconnecting (a backlog, a backfill) was
 * posted meanwhile and must not arrive late, behind a watermark that kept moving. Pure: the
 * caller reads the wall clock and the live source's status, and sends what this returns.
 */
export class LiveWatermark {
  private held: number | null = null;

  constructor(private readonly delayMs: number) {}

  at(now: number, status: { state: string; connectedSince?: number }): number {
    const wall = now - this.delayMs;
    if (status.state !== 'connected' || status.connectedSince === undefined) {
      this.held ??= wall;
      return this.held;
    }
    if (this.held !== null) {
      if (now - status.connectedSince < this.delayMs) return this.held;
      this.held = null;
    }
    return wall;
  }
}
