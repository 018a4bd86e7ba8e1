import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip, type Gunzip } from 'node:zlib';
import {
  binaryReason as recordingBinaryReason,
  csvHeaderHasText,
  sniffFormat as sniffRecordingFormat,
  SNIFF_BYTES,
} from '@tagstream/recordings';

/** Why an upload was refused, with the HTTP status to answer. */
export class UploadRejected extends Error {
  override name = 'UploadRejected';
  constructor(
    readonly statusCode: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

const EXTENSIONS = new Set(['jsonl', 'ndjson', 'json', 'csv', 'txt']);

/** A recording's name split into stem, format extension and whether it says gzip. */
export interface RecordingName {
  stem: string;
  /** `jsonl`, `ndjson`, `json`, `csv`, `txt`, or null when the name has no extension. */
  ext: string | null;
  gz: boolean;
}

/**
 * Makes a safe recording name from an uploaded file's name: the last path part,
 * letters, digits, `.`, `_` and `-` only, no leading dot, at most 100
 * characters before the extension. Throws UploadRejected for an extension
 * that is not a recording format (`.zip`, `.xml`, …).
 */
export function uploadName(filename: string): RecordingName {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^[._]+/, '');
  const m = /^(.*?)(?:\.([A-Za-z0-9]{1,10}))?(\.gz)?$/i.exec(clean)!;
  let stem = m[1] ?? '';
  let ext = m[2]?.toLowerCase() ?? null;
  const gz = m[3] !== undefined;
  if (ext !== null && !EXTENSIONS.has(ext)) {
    if (
      gz ||
      /^(zip|gz|tgz|bz2|xz|zst|7z|rar|tar|exe|bin|pdf|png|jpe?g|gif|webp|xlsx?|docx?|parquet|avro)$/i.test(
        ext,
      )
    )
      throw new UploadRejected(
        400,
        `"${base}" is not a recording: upload .jsonl, .ndjson, .json, .csv or .txt, optionally gzipped (.gz)`,
      );
    // `tweets.2026-11-01` or `dump.v2`: a dot inside the stem, not a format; sniff the content.
    stem = `${stem}.${m[2]!}`;
    ext = null;
  }
  stem = stem.slice(0, 100) || 'recording';
  return { stem, ext, gz };
}

export function nameToString(n: RecordingName): string {
  return `${n.stem}${n.ext ? '.' + n.ext : ''}${n.gz ? '.gz' : ''}`;
}

/**
 * Why these first bytes of content cannot be a text recording, or null when they look like UTF-8 text.
 * The ingestor's check, plus one only an upload can meet: gzip inside the gzip we already undid.
 */
export function binaryReason(head: Buffer): string | null {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip data inside gzip data (decompress it once first)';
  return recordingBinaryReason(head) ?? null;
}

/** The extension the content deserves: `[` is a JSON document, `{` JSON Lines, then CSV with a text column, else text. */
export function sniffFormat(head: Buffer): 'jsonl' | 'json' | 'csv' | 'txt' {
  const format = sniffRecordingFormat(head);
  if (format === 'json')
    return head
      .toString('utf8')
      .replace(/^\ufeff/, '')
      .trimStart()
      .startsWith('[')
      ? 'json'
      : 'jsonl';
  return format === 'text' ? 'txt' : format;
}

/** Checks that the content fits the format the name announces; returns the problem in words, or null. */
export function formatProblem(ext: string, head: Buffer, name: string): string | null {
  const text = head.toString('utf8').replace(/^\ufeff/, '');
  const first = text.trimStart()[0];
  const firstLine = JSON.stringify(text.trimStart().split('\n', 1)[0]!.slice(0, 40));
  if (first === undefined) return `${name} holds only blank lines`;
  if ((ext === 'jsonl' || ext === 'ndjson') && first !== '{' && first !== '[')
    return `${name} is not JSON Lines: its first line does not start with { (it starts ${firstLine})`;
  if (ext === 'json' && first !== '{' && first !== '[')
    return `${name} is not JSON: it does not start with { or [ (it starts ${firstLine})`;
  if (ext === 'csv' && !csvHeaderHasText(text))
    return `${name} has no "text" column in its CSV header (the header is ${firstLine})`;
  return null;
}

export interface ReceiveLimits {
  /** Largest content after gunzip: a small .gz that expands past this is refused (a gzip bomb). */
  maxExpandedBytes: number;
  /** Called before each write of the upload as sent (the recordings folder's quota); may throw to refuse it. */
  reserve?: (bytes: number) => Promise<void>;
}

export interface Received {
  /** The name to store the recording under (an extension added from the content when the name had none). */
  name: string;
  bytes: number;
  expandedBytes: number;
  gzip: boolean;
}

/**
 * Streams an uploaded recording to `temp` as it arrives, checking it on the way:
 * gzip is recognised by its magic bytes and decompressed in a stream with a cap
 * on the output (the size in the gzip trailer is neither read nor trusted), the
 * first bytes of content must be UTF-8 text of the format the name announces
 * (or, for a name without one, the format is sniffed and added). Throws
 * UploadRejected (400, or 413 for a bomb) and removes `temp` on any failure;
 * the caller drains or destroys `source`.
 */
export async function receiveRecording(
  source: Readable,
  temp: string,
  filename: string,
  limits: ReceiveLimits,
): Promise<Received> {
  const name = uploadName(filename);
  const shown = nameToString(name);
  const out = createWriteStream(temp, { flags: 'wx' });
  const outError = new Promise<never>((_, reject) => out.once('error', reject));
  outError.catch(() => undefined);
  let gunzip: Gunzip | null = null;
  let gzip: boolean | null = null;
  let bytes = 0;
  let expanded = 0;
  let head = Buffer.alloc(0);
  let judged = false;
  let failure: UploadRejected | null = null;

  const judge = (final: boolean): void => {
    if (judged || (!final && head.length < SNIFF_BYTES)) return;
    judged = true;
    if (expanded === 0) throw new UploadRejected(400, `${shown} is empty`);
    const binary = binaryReason(head);
    if (binary !== null) throw new UploadRejected(400, `${shown} is not a text recording: ${binary}`);
    if (name.ext === null) name.ext = sniffFormat(head);
    const problem = formatProblem(name.ext, head, shown);
    if (problem !== null) throw new UploadRejected(400, problem);
  };
  const content = (chunk: Buffer): void => {
    expanded += chunk.length;
    if (expanded > limits.maxExpandedBytes) {
      throw new UploadRejected(
        413,
        `${shown} expands to more than ${limits.maxExpandedBytes} bytes when decompressed: refused`,
      );
    }
    if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
    judge(false);
  };

  let gzError: (Error & { code?: string }) | null = null;
  const gzProblem = (): UploadRejected =>
    new UploadRejected(
      400,
      gzError?.code === 'Z_BUF_ERROR'
        ? `${shown} is cut short: the gzip data ends before its end marker`
        : `${shown} is damaged gzip data (${gzError?.message ?? 'unreadable'})`,
    );
  const check = (): void => {
    if (failure) throw failure as UploadRejected;
    if (gzError) throw gzProblem();
  };

  try {
    let first = Buffer.alloc(0);
    // Leaving the loop early (a refusal) must not destroy the upload stream: the caller drains it so the
    // client reads the answer instead of a reset connection.
    for await (const raw of source.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      let chunk = raw;
      bytes += chunk.length;
      if (gzip === null) {
        // Decide on the first two bytes, however the upload was cut into chunks.
        first = Buffer.concat([first, chunk]);
        if (first.length < 2) continue;
        chunk = first;
        gzip = first[0] === 0x1f && first[1] === 0x8b;
        if (gzip) {
          const g = createGunzip();
          gunzip = g;
          g.on('data', (d: Buffer) => {
            if (failure !== null) return;
            try {
              content(d);
            } catch (err) {
              failure = err as UploadRejected;
              g.destroy();
            }
          });
          g.on('error', (err) => (gzError ??= err));
        } else if (name.gz) {
          throw new UploadRejected(400, `${shown} is named .gz but is not gzip data`);
        }
      }
      await limits.reserve?.(chunk.length);
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), outError]);
      if (gunzip) {
        if (!gunzip.write(chunk)) await drainedOrGone(gunzip);
      } else content(chunk);
      check();
    }
    if (gzip === null && first.length > 0) {
      // A one-byte upload.
      await limits.reserve?.(first.length);
      out.write(first);
      content(first);
    }
    if (gunzip) {
      gunzip.end();
      await finished(gunzip).catch(() => undefined);
      check();
    }
    judge(true);
    out.end();
    await Promise.race([finished(out), outError]);
    return { name: nameToString(name), bytes, expandedBytes: expanded, gzip: gzip === true };
  } catch (err) {
    (gunzip as Gunzip | null)?.destroy();
    // The file may still be opening: wait for the stream to close, or the open would recreate it after rm.
    out.destroy();
    if (!out.closed) await once(out, 'close').catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
}

/** Resolves when the stream wants more input, or has failed or closed. */
function drainedOrGone(s: Gunzip): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      s.off('drain', done);
      s.off('close', done);
      s.off('error', done);
      resolve();
    };
    s.once('drain', done);
    s.once('close', done);
    s.once('error', done);
  });
}
