/**
 * A byte stream whose first bytes can be looked at before it is consumed:
 * format detection needs the gzip magic, then the first decompressed bytes,
 * without losing them for the reader.
 */
export class Peekable implements AsyncIterable<Buffer> {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private done = false;
  private readonly iterator: AsyncIterator<Buffer>;

  constructor(source: AsyncIterable<Buffer>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** At least `bytes` bytes from the start (fewer only if the stream is shorter), not consumed. */
  async peek(bytes: number): Promise<Buffer> {
    while (this.headBytes < bytes && !this.done) {
      const next = await this.iterator.next();
      if (next.done === true) {
        this.done = true;
      } else if (next.value.length > 0) {
        this.head.push(next.value);
        this.headBytes += next.value.length;
      }
    }
    return Buffer.concat(this.head, this.headBytes);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    try {
      while (this.head.length > 0) {
        const chunk = this.head.shift();
        if (chunk) yield chunk;
      }
      this.headBytes = 0;
      while (!this.done) {
        const next = await this.iterator.next();
        if (next.done === true) {
          this.done = true;
          return;
        }
        yield next.value;
      }
    } finally {
      // Stopping early (a consumer's break or an error) must release the source (close the file).
      if (!this.done) {
        this.done = true;
        await this.iterator.return?.();
      }
    }
  }

  /** Releases the source when the stream is abandoned before being iterated. */
  async close(): Promise<void> {
    if (!this.done) {
      this.done = true;
      await this.iterator.return?.();
    }
  }
}
