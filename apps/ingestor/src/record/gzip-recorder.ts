import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';
import { systemClock, type Clock } from '@tagstream/time';

export interface RecorderOptions {
  /** The recording's path; rotated parts get `-0001`, `-0002`… before the extension. */
  path: string;
  /** Start a new part after this many uncompressed bytes (0: never). */
  rotateBytes?: number;
  /** Start a new part after this long (0: never). */
  rotateMs?: number;
  /** Wall time for `rotateMs`; the system clock by default. */
  clock?: Clock;
}

/**
 * Writes every received line to a gzip JSON Lines recording that `replay` reads
 * back. Each part is a complete gzip file, so a crash loses at most the part's
 * unflushed tail, and rotation keeps single files manageable.
 */
export class GzipRecorder {
  private gzip: Gzip | null = null;
  private file: WriteStream | null = null;
  private part = 0;
  private bytes = 0;
  private openedAt = 0;
  lines = 0;
  readonly parts: string[] = [];

  constructor(private readonly options: RecorderOptions) {}

  write(line: string): void {
    const now = (this.options.clock ?? systemClock).now();
    const { rotateBytes = 0, rotateMs = 0 } = this.options;
    if (
      this.gzip !== null &&
      ((rotateBytes > 0 && this.bytes >= rotateBytes) || (rotateMs > 0 && now - this.openedAt >= rotateMs))
    ) {
      this.finishPart();
    }
    if (this.gzip === null) this.openPart(now);
    const data = line + '\n';
    this.bytes += Buffer.byteLength(data);
    this.lines++;
    this.gzip!.write(data);
  }

  async close(): Promise<void> {
    const file = this.file;
    this.finishPart();
    if (file) await once(file, 'close');
  }

  private openPart(now: number): void {
    const path = this.part === 0 ? this.options.path : partPath(this.options.path, this.part);
    this.part++;
    this.gzip = createGzip();
    this.file = createWriteStream(path);
    this.gzip.pipe(this.file);
    this.bytes = 0;
    this.openedAt = now;
    this.parts.push(path);
  }

  private finishPart(): void {
    this.gzip?.end();
    this.gzip = null;
    this.file = null;
  }
}

/** `live.jsonl.gz`, part 2 → `live-0002.jsonl.gz`. */
export function partPath(path: string, part: number): string {
  const m = /^(.*?)(\.[^./\\]+(?:\.gz)?)?$/.exec(path)!;
  return `${m[1]}-${String(part + 1).padStart(4, '0')}${m[2] ?? ''}`;
}
