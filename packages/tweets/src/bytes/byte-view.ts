// A DataView over the buffer being read, made again only when the buffer changes: lets the readers
// compare four bytes at a time (`getInt32`, one load where V8 optimizes it) on a line's fixed parts.
let viewed: Uint8Array | null = null;
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

/** The DataView of `buf` (the same object for the same buffer, line after line). */
export function viewOf(buf: Uint8Array): DataView<ArrayBufferLike> {
  if (buf !== viewed) {
    viewed = buf;
    view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  return view;
}

/** The little-endian 32-bit word of four ASCII characters, as `getInt32(…, true)` reads them. */
export function word(four: string): number {
  return (
    four.charCodeAt(0) | (four.charCodeAt(1) << 8) | (four.charCodeAt(2) << 16) | (four.charCodeAt(3) << 24)
  );
}
