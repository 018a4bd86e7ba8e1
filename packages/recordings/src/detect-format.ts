import { basename } from 'node:path';

/**
 * How a recording's content is read:
 * - `jsonl`: JSON Lines, every non-blank line must be JSON (`.jsonl`, `.ndjson`);
 * - `json`: JSON Lines or one whole JSON document (`.json`, or sniffed `{`/`[`);
 * - `csv`: a CSV with a `text` column;
 * - `text`: lines as on the TCP socket, plain text or JSON objects (`.txt`).
 */
export type RecordingFormat = 'jsonl' | 'json' | 'csv' | 'text';

const BY_EXTENSION: Record<string, RecordingFormat> = {
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  json: 'json',
  csv: 'csv',
  txt: 'text',
};

/** Bytes looked at to sniff a format and to tell text from binary. */
export const SNIFF_BYTES = 8 * 1024;

/** The format a file name announces (`x.jsonl`, `x.csv.gz`, …), or undefined for other names. */
export function formatFromName(path: string): RecordingFormat | undefined {
  const name = basename(path)
    .toLowerCase()
    .replace(/\.(gz|gzip)$/, '');
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : BY_EXTENSION[name.slice(dot + 1)];
}

// Magic numbers of compressions we do not read, to say so instead of "binary data".
const OTHER_COMPRESSION: Array<[string, number[]]> = [
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
  ['7z', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ['lz4', [0x04, 0x22, 0x4d, 0x18]],
];

/**
 * Why these first bytes cannot be a text recording, or undefined when they
 * look like UTF-8 text. Binary means: another compression's magic number, a
 * UTF-16 byte-order mark, a NUL byte, or control characters and invalid
 * UTF-8 sequences making up more than 10% of the text (of at least 256
 * characters). A few are tolerated: a Latin-1 é here and there decodes to
 * U+FFFD and the file is still worth reading.
 */
export function binaryReason(head: Buffer): string | undefined {
  for (const [name, magic] of OTHER_COMPRESSION) {
    if (head.length >= magic.length && magic.every((byte, i) => head[i] === byte)) {
      // "BZh" is also how a text can start; bzip2's block magic follows it.
      if (name === 'bzip2' && !/^BZh[1-9]1AY&SY/.test(head.toString('latin1', 0, 10))) continue;
      return `${name}-compressed data (only gzip is supported; decompress it first)`;
    }
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return 'UTF-16 text (save it as UTF-8)';
  }
  const nul = head.indexOf(0);
  if (nul !== -1) return `binary data (a NUL byte at offset ${nul})`;
  // Drop a multi-byte character the sniff window cut in half before judging.
  const text = head.toString('utf8').replace(/\ufffd$/, '');
  let suspicious = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c)) suspicious++;
  }
  // Judged against at least 256 characters, so that a few odd bytes in a tiny file are not "binary".
  return suspicious > 0.1 * Math.max(text.length, 256) ? 'binary data (not UTF-8 text)' : undefined;
}

/**
 * Guesses the format of a file whose name says nothing: `{` or `[` first is
 * JSON (lines or a document), a first line with a `text` column among
 * commas is CSV, anything else is read as text lines.
 */
export function sniffFormat(head: Buffer): RecordingFormat {
  const text = head.toString('utf8').replace(/^\ufeff/, '');
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') return 'json';
  return csvHeaderHasText(text) ? 'csv' : 'text';
}

/** Whether the first line of `text` is a CSV header with a `text` (or `full_text`) column. */
export function csvHeaderHasText(text: string): boolean {
  const header = (text.split('\n', 1)[0] ?? '').replace(/\r$/, '');
  if (!header.includes(',')) return false;
  const columns = header.split(',').map((c) =>
    c
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase(),
  );
  return columns.includes('text') || columns.includes('full_text');
}
