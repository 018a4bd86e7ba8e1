import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { generateDemoRecording } from '../../../scripts/demo-recording/generate.ts';

/**
 * Three recordings of three consecutive minutes of one generated stream (X API v2 lines), written
 * to `dir` in three formats: what a folder source is fed in the tests. Only the tweet lines: the
 * generator's deliberate damage would be counted in the window open when its file is read, so it
 * would differ from counting the files together.
 */
export async function writeMinuteRecordings(dir: string, seed = 31): Promise<string[]> {
  const { jsonl } = generateDemoRecording({ seed, minutes: 3 });
  const lines = jsonl.split('\n').filter((l) => {
    try {
      return typeof (JSON.parse(l) as { data?: unknown }).data === 'object';
    } catch {
      return false;
    }
  });
  const minuteOf = (l: string): number => new Date(/"created_at":"([^"]+)"/.exec(l)![1]!).getUTCMinutes();
  const first = minuteOf(lines[0]!);
  const minute = (m: number): string =>
    lines.filter((l) => minuteOf(l) === (first + m) % 60).join('\n') + '\n';
  const parts = [
    path.join(dir, 'a-first.jsonl.gz'),
    path.join(dir, 'b-second.jsonl'),
    path.join(dir, 'c-third.ndjson.gz'),
  ];
  await writeFile(parts[0]!, gzipSync(minute(0)));
  await writeFile(parts[1]!, minute(1));
  await writeFile(parts[2]!, gzipSync(minute(2)));
  return parts;
}
