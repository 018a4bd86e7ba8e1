/**
 * Maps wall time to tweet time for a replay: position advances at `speed` times
 * wall time while playing, stands still while paused, and can jump (seek, long
 * gaps). Pure; the wall clock is passed in. Speed 0 stands still (a max-speed
 * replay moves the position only by jumps, to each tweet it sends).
 */
export class ReplayClock {
  private anchorWall: number;
  private anchorPos: number;
  private _speed: number;
  private _paused = false;

  constructor(start: number, speed: number, wallNow: number) {
    this.anchorWall = wallNow;
    this.anchorPos = start;
    this._speed = speed;
  }

  get speed(): number {
    return this._speed;
  }

  get paused(): boolean {
    return this._paused;
  }

  /** The replay position in tweet time (epoch ms). */
  position(wallNow: number): number {
    if (this._paused) return this.anchorPos;
    return this.anchorPos + (wallNow - this.anchorWall) * this._speed;
  }

  /** Wall milliseconds until the position reaches `tweetTime` (Infinity while paused or standing still at speed 0). */
  wallUntil(tweetTime: number, wallNow: number): number {
    const ahead = tweetTime - this.position(wallNow);
    if (ahead <= 0) return 0;
    if (this._paused || this._speed <= 0) return Infinity;
    return ahead / this._speed;
  }

  setSpeed(speed: number, wallNow: number): void {
    this.rebase(wallNow);
    this._speed = speed;
  }

  pause(wallNow: number): void {
    this.rebase(wallNow);
    this._paused = true;
  }

  resume(wallNow: number): void {
    this.rebase(wallNow);
    this._paused = false;
  }

  /** Moves the position; used for seeking and for shortening long gaps (tweet times are never changed). */
  jumpTo(position: number, wallNow: number): void {
    this.anchorWall = wallNow;
    this.anchorPos = position;
  }

  private rebase(wallNow: number): void {
    this.anchorPos = this.position(wallNow);
    this.anchorWall = wallNow;
  }
}
