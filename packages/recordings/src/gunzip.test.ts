import { Readable } from 'node:stream';
import { constants, gzipSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzip, GzipFailure, isGzip } from './gunzip.ts';

let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const text =
  Array.from(
    { length: 40_000 },
    (_, i) => `{"id":"${i + 1}","text":"hello ${i} ${rand().toString(36)}"}`,
  ).join('\n') + '\n';
const gz = gzipSync(text);

function chunked(bytes: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

async function drain(source: AsyncIterable<Buffer>): Promise<{ bytes: number; error: unknown }> {
  let bytes = 0;
  try {
    for await (const chunk of source) bytes += chunk.length;
  } catch (error) {
    return { bytes, error };
  }
  return { bytes, error: undefined };
}

describe('gunzip', () => {
  it('decompresses concatenated members', async () => {
    const both = Buffer.concat([gzipSync('a\n'), gzipSync('b\n')]);
    const out: Buffer[] = [];
    for await (const chunk of gunzip(chunked(both, 7))) out.push(chunk);
    expect(Buffer.concat(out).toString()).toBe('a\nb\n');
    expect(isGzip(both)).toBe(true);
    expect(isGzip(Buffer.from('{}'))).toBe(false);
  });

  it('recovers the output node withholds when it reports a truncation, then throws truncated', async () => {
    // A cut and chunking for which node's gunzip reports the truncation
    // before handing over its last output (found by search; small chunks make it common).
    const cut = gz.subarray(0, 101_226);
    const readable = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).length;
    const plain = await drain(gunzip(chunked(cut, 491)));
    expect(plain.error).toBeInstanceOf(GzipFailure);
    expect(plain.bytes).toBeLessThan(readable);
    const recovered = await drain(gunzip(chunked(cut, 491), () => Promise.resolve(chunked(cut, 65_536))));
    expect(recovered.error).toMatchObject({ kind: 'truncated' });
    expect(recovered.bytes).toBe(readable);
  });

  it('calls damaged data corrupt and passes other errors through', async () => {
    const bad = Buffer.from(gz.subarray(0, 5000));
    bad.fill(0x41, 100, 400);
    expect((await drain(gunzip(chunked(bad, 1000)))).error).toMatchObject({ kind: 'corrupt' });
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk on fire'));
      },
    });
    const { error } = await drain(gunzip(failing));
    expect(error).not.toBeInstanceOf(GzipFailure);
    expect((error as Error).message).toBe('disk on fire');
  });
});
