import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, splitLines, type SplitItem } from './line-splitter.ts';

function splitAll(
  bytes: Buffer,
  cuts: number[],
  maxLineBytes?: number,
): { items: SplitItem[]; maxBuffered: number } {
  const splitter = new LineSplitter(maxLineBytes === undefined ? {} : { maxLineBytes });
  const items: SplitItem[] = [];
  let maxBuffered = 0;
  let from = 0;
  for (const cut of [...cuts, bytes.length].sort((a, b) => a - b)) {
    items.push(...splitter.pushItems(bytes.subarray(from, cut)));
    maxBuffered = Math.max(maxBuffered, splitter.bufferedBytes);
    from = cut;
  }
  items.push(...splitter.endItems());
  return { items, maxBuffered };
}

/** The obvious, unbounded reference: split the whole buffer at \n, strip \r, decode, apply the cap. */
function reference(bytes: Buffer, max: number): SplitItem[] {
  if (bytes.length === 0) return [];
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, start)) {
    parts.push(bytes.subarray(start, i));
    start = i + 1;
  }
  if (start < bytes.length) parts.push(bytes.subarray(start));
  return parts.map((raw, i): SplitItem => {
    const body = raw.length > 0 && raw[raw.length - 1] === 0x0d ? raw.subarray(0, -1) : raw;
    if (body.length > max) return { kind: 'oversized', line: i + 1, bytes: raw.length };
    let text = body.toString('utf8');
    if (i === 0 && text.startsWith('\ufeff')) text = text.slice(1);
    return { kind: 'line', text, line: i + 1 };
  });
}

describe('LineSplitter', () => {
  it('splits LF and CRLF lines, keeps a last line without terminator, strips a leading BOM', () => {
    const splitter = new LineSplitter();
    expect(splitter.push(Buffer.from('\ufeffa\r\nb\n\nc'))).toEqual(['a', 'b', '']);
    expect(splitter.end()).toEqual(['c']);
    expect(splitter.lines).toBe(4);
  });

  it('joins a multi-byte character split across chunks, and decodes invalid UTF-8 to U+FFFD', () => {
    const bytes = Buffer.from('héllo #日本語\n');
    const splitter = new LineSplitter();
    const out: string[] = [];
    for (let i = 0; i < bytes.length; i++) out.push(...splitter.push(bytes.subarray(i, i + 1)));
    expect(out).toEqual(['héllo #日本語']);
    expect(new LineSplitter().push(Buffer.from([0x61, 0xff, 0xc3, 0x62, 0x0a]))).toEqual(['a\ufffd\ufffdb']);
  });

  it('drops a line over the cap while it streams past, and carries on', () => {
    const splitter = new LineSplitter({ maxLineBytes: 10 });
    const out: SplitItem[] = [];
    out.push(...splitter.pushItems(Buffer.from('short\n0123456789')));
    out.push(...splitter.pushItems(Buffer.from('abcdef')));
    expect(splitter.bufferedBytes).toBe(0);
    out.push(...splitter.pushItems(Buffer.from('ghi\r\n0123456789\r\nok\n0123456789X')));
    out.push(...splitter.endItems());
    expect(out).toEqual([
      { kind: 'line', text: 'short', line: 1 },
      { kind: 'oversized', line: 2, bytes: 20 },
      { kind: 'line', text: '0123456789', line: 3 },
      { kind: 'line', text: 'ok', line: 4 },
      { kind: 'oversized', line: 5, bytes: 11 },
    ]);
    expect(splitter.oversized).toBe(2);
  });

  it('drops a 10 MiB line with the default 1 MiB cap, holding at most 1 MiB of it', () => {
    const splitter = new LineSplitter();
    const chunk = Buffer.alloc(64 * 1024, 0x78);
    const out: string[] = [...splitter.push(Buffer.from('before\n'))];
    let maxBuffered = 0;
    for (let i = 0; i < 160; i++) {
      out.push(...splitter.push(chunk));
      maxBuffered = Math.max(maxBuffered, splitter.bufferedBytes);
    }
    out.push(...splitter.push(Buffer.from('\nafter\n')), ...splitter.end());
    expect(out).toEqual(['before', 'after']);
    expect(splitter.oversized).toBe(1);
    expect(maxBuffered).toBeLessThanOrEqual(1024 * 1024 + 1);
  });

  it('matches the unbounded reference for any bytes and any chunking, within its memory bound', () => {
    const byte = fc.oneof(
      fc.constantFrom(0x0a, 0x0d, 0xef, 0xbb, 0xbf, 0xc3, 0xa9, 0x7b),
      fc.integer({ min: 0, max: 255 }),
    );
    fc.assert(
      fc.property(
        fc.array(byte, { maxLength: 400 }),
        fc.array(fc.nat({ max: 400 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 40 }),
        (bytes, cuts, max) => {
          const buf = Buffer.from(bytes);
          const { items, maxBuffered } = splitAll(
            buf,
            cuts.map((c) => Math.min(c, buf.length)),
            max,
          );
          expect(items).toEqual(reference(buf, max));
          expect(maxBuffered).toBeLessThanOrEqual(max + 1);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('splits an async stream of buffers and strings', async () => {
    const items: SplitItem[] = [];
    for await (const item of splitLines(Readable.from([Buffer.from('a\nb'), 'c\r\n', Buffer.from('d')])))
      items.push(item);
    expect(items).toEqual([
      { kind: 'line', text: 'a', line: 1 },
      { kind: 'line', text: 'bc', line: 2 },
      { kind: 'line', text: 'd', line: 3 },
    ]);
  });
});
