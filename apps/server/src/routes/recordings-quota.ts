import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { formatBytes } from './format-bytes.ts';

/** The recordings folder's total size, in bytes, with its quota. */
export interface FolderUsage {
  bytes: number;
  quotaBytes: number;
}

/** The recordings folder's quota unless configured: 2 GiB. */
export const DEFAULT_RECORDINGS_QUOTA_BYTES = 2 * 1024 ** 3;

/** Rescan the folder after this many bytes of one upload, so uploads running side by side see each other. */
const RESCAN_BYTES = 1024 * 1024;

/**
 * The recordings folder's total quota (DESIGN.md §8): uploads are bounded one by one (size as
 * sent and decompressed) and by the change budget, but nothing else bounded how much they
 * add up to. Usage is what the folder holds now, every regular file in it (recordings,
 * uploads still being written, anything else put there), read from the disk rather than
 * kept in memory, so files added or deleted by hand count at once. An upload is metered as
 * it is written and refused (507) when the folder would pass the quota; uploads running at
 * the same time see each other within RESCAN_BYTES each.
 */
export class RecordingsQuota {
  constructor(
    readonly folder: string,
    readonly quotaBytes: number,
  ) {}

  async usage(): Promise<FolderUsage> {
    return { bytes: await folderBytes(this.folder), quotaBytes: this.quotaBytes };
  }

  /**
   * A meter for one upload: `reserve(n)` before writing n more bytes throws QuotaExceeded when
   * the folder would pass the quota. Throws QuotaExceeded at once when it is full already.
   */
  async meter(): Promise<{ reserve: (bytes: number) => Promise<void> }> {
    let scanned = await folderBytes(this.folder);
    let since = 0;
    const check = (more: number): void => {
      if (scanned + since + more > this.quotaBytes) throw new QuotaExceeded(scanned, this.quotaBytes);
    };
    check(1);
    return {
      reserve: async (bytes) => {
        if (since >= RESCAN_BYTES) {
          scanned = await folderBytes(this.folder);
          since = 0;
        }
        check(bytes);
        since += bytes;
      },
    };
  }
}

/** The folder would pass its quota. */
export class QuotaExceeded extends Error {
  override name = 'QuotaExceeded';
  constructor(usedBytes: number, quotaBytes: number) {
    super(
      `the recordings folder is full: this upload would take it past its quota of ${formatBytes(quotaBytes)} ` +
        `(${formatBytes(usedBytes)} in use); delete recordings there, or start the server with a larger --recordings-quota`,
    );
  }
}

/** Sum of the sizes of the regular files directly in `folder` (0 when it does not exist). */
async function folderBytes(folder: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let total = 0;
  for (const name of names) {
    const s = await stat(path.join(folder, name)).catch(() => null);
    if (s?.isFile()) total += s.size;
  }
  return total;
}
