import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface RecordingEntry {
  name: string;
  bytes: number;
  modified: string;
}

const RECORDING_NAME = /\.(jsonl|ndjson|json|csv|txt)(\.gz)?$/i;

/** The recordings a user may replay by name: regular files directly in the folder with a known extension. */
export async function listRecordings(folder: string): Promise<RecordingEntry[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: RecordingEntry[] = [];
  for (const name of names.sort()) {
    // Hidden files are not offered: resolveRecording refuses their names.
    if (!RECORDING_NAME.test(name) || name.startsWith('.')) continue;
    const s = await stat(path.join(folder, name)).catch(() => null);
    if (s?.isFile()) out.push({ name, bytes: s.size, modified: s.mtime.toISOString() });
  }
  return out;
}

/**
 * Resolves a name given over the API to a path inside the folder. Only bare file
 * names are accepted: a name with a separator or `..` could reach any file on the host.
 */
export function resolveRecording(folder: string, name: string): string | null {
  if (
    name !== path.basename(name) ||
    name.startsWith('.') ||
    name.includes('\0') ||
    !RECORDING_NAME.test(name)
  ) {
    return null;
  }
  return path.join(folder, name);
}
