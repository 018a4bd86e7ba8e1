import { pipeline, Readable } from 'node:stream';
import { constants, createGunzip } from 'node:zlib';

/** A gzip stream that ends early (`truncated`) or holds damaged data (`corrupt`). */
export class GzipFailure extends Error {
  override readonly name = 'GzipFailure';
  constructor(
    readonly kind: 'truncated' | 'corrupt',
    cause: Error,
  ) {
    super(cause.message, { cause });
  }
}

/** True when the bytes start with the gzip magic number. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Decompresses a gzip byte stream (several concatenated members too, as
 * `gzip -c a >> b` or a restarted recorder makes) with node's zlib.
 *
 * A truncated stream (a recording still being written, an interrupted copy)
 * yields everything that can be decompressed and then throws
 * GzipFailure('truncated'). Node's gunzip reports the truncation without
 * handing over the last output it produced, so when `reopen` is given the
 * file is decompressed once more in flush mode (which never reports a
 * truncation) and the bytes past what was already yielded are yielded
 * before the error. Damaged data throws GzipFailure('corrupt').
 */
export async function* gunzip(
  source: AsyncIterable<Buffer>,
  reopen?: () => Promise<AsyncIterable<Buffer>>,
): AsyncGenerator<Buffer> {
  let produced = 0;
  try {
    for await (const chunk of decompress(source, false)) {
      produced += chunk.length;
      yield chunk as Buffer;
    }
  } catch (error) {
    if (!isZlibError(error)) throw error;
    const truncated = error.code === 'Z_BUF_ERROR';
    if (truncated && reopen !== undefined) yield* recoverTail(reopen, produced);
    throw new GzipFailure(truncated ? 'truncated' : 'corrupt', error);
  }
}

function decompress(source: AsyncIterable<Buffer>, flushAtEnd: boolean): AsyncIterable<Buffer> {
  const unzip = createGunzip(flushAtEnd ? { finishFlush: constants.Z_SYNC_FLUSH } : {});
  // pipeline destroys both sides on an error or an early stop and routes the
  // first error to the returned stream, where the for-await above sees it.
  return pipeline(Readable.from(source, { objectMode: false }), unzip, () => undefined);
}

/**
 * The decompressible bytes after the first `skip` ones. Best effort: if the
 * second pass fails in any way, what it got so far is all there is.
 */
async function* recoverTail(
  reopen: () => Promise<AsyncIterable<Buffer>>,
  skip: number,
): AsyncGenerator<Buffer> {
  let seen = 0;
  try {
    for await (const chunk of decompress(await reopen(), true)) {
      const from = Math.max(0, skip - seen);
      seen += chunk.length;
      if (from < chunk.length) yield (chunk as Buffer).subarray(from);
    }
  } catch {
    // The original truncation error is the one to report.
  }
}

function isZlibError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('Z_');
}
