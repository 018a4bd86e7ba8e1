import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { generateDemoRecording } from '../../../scripts/demo-recording/generate.ts';

/** The demo recording's generator, `minutes` long, written to `file`; returns its first tweet's time. */
export async function demoRecording(file: string, minutes: number, seed = 15): Promise<number> {
  const rec = generateDemoRecording({ seed, minutes });
  await writeFile(file, rec.gzip);
  return Date.parse(rec.summary.firstCreatedAt);
}

/**
 * A flood of unique tags: `tweets` normalized lines over `seconds` of tweet time, each with two
 * tags no other tweet has and one of a few common ones (so the top list is not all ties).
 */
export async function floodRecording(file: string, tweets: number, seconds: number): Promise<void> {
  const start = Date.parse('2026-11-22T10:00:00.000Z');
  const lines: string[] = [];
  for (let i = 0; i < tweets; i++) {
    const at = new Date(start + Math.floor((i * seconds * 1000) / tweets)).toISOString();
    const text = `flood #u${i.toString(36)}x #v${(i * 7919).toString(36)}y #common${i % 7}`;
    lines.push(JSON.stringify({ id: String(1_000_000_000 + i), created_at: at, text }));
  }
  await writeFile(file, gzipSync(lines.join('\n') + '\n', { level: 1 }));
}
