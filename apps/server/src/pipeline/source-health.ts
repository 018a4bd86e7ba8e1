import type { SourceStatus } from '@tagstream/protocol';
import type { Clock } from '@tagstream/time';
import { RateMeter } from './rate-meter.ts';
import type { TcpAddress } from './tcp-line-source.ts';

/** The line source as the dashboard sees it: where it is, whether it is up, how fast tweets come. */
export class SourceHealth {
  private readonly rate: RateMeter;
  private state = 'connecting';
  private tweetsRated = 0;

  constructor(
    private readonly address: TcpAddress,
    clock: Clock,
  ) {
    this.rate = new RateMeter(5, clock);
  }

  /** Takes in the tweets read since the last call (`total`: all read so far) for the rate. */
  markTweets(total: number): void {
    const n = total - this.tweetsRated;
    if (n > 0) this.rate.mark(n);
    this.tweetsRated = total;
  }

  /** The connection's state in words ("connected", "reconnecting in 0.4 s"…). */
  setState(state: string): void {
    this.state = state;
  }

  status(connected: boolean): SourceStatus {
    return {
      kind: 'tcp',
      address: `tcp://${this.address.host}:${this.address.port}`,
      connected,
      tweetsPerSec: Math.round(this.rate.perSecond() * 10) / 10,
      state: this.state,
    };
  }
}
