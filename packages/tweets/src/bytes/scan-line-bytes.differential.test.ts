/**
 * The byte path against the exact path, line by line: whatever it does not decline it must read
 * exactly as `parseLine` + `extractHashtags` do (id, time, retweet flag, every hashtag in order).
 * On random lines, damaged lines, every fixture, the bundled demo recording (raw and normalized
 * the way the ingestor writes it) and the benchmark's workloads; the last three also check that
 * the byte path does read most lines, so that declining everything cannot pass for exactness.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLine } from '../normalize/parse-line.ts';
import * as fixtures from '../normalize/test-fixtures.ts';
import { v1Json } from '../normalize/test-fixtures.ts';
import { toWireLine } from '../normalize/wire-line.ts';
import {
  damage,
  damaged,
  normalizedLine,
  v2Line,
  v2LineWith,
  wordsText,
} from './testing/line-arbitraries.ts';
import { expectAgreement } from './testing/line-readings.ts';

const DEMO = fileURLToPath(new URL('../../../../samples/demo.jsonl.gz', import.meta.url));

/** Reads every line of `text` through both paths; returns how many the byte path read. */
function agreeOnLines(lines: readonly string[]): { read: number; lines: number } {
  let read = 0;
  for (const line of lines) if (expectAgreement(Buffer.from(line)) === 'read') read++;
  return { read, lines: lines.length };
}

/** Our own line for each tweet a line gives, as the ingestor would forward it. */
function normalizedFrom(lines: readonly string[]): string[] {
  return lines.flatMap((line) => {
    const r = parseLine(line, 'auto');
    return r.kind === 'tweets' ? r.tweets.map(toWireLine) : [];
  });
}

describe('the byte path reads lines exactly as the exact path does, or declines them', () => {
  it('random normalized lines', { timeout: 60_000 }, () => {
    let read = 0;
    fc.assert(
      fc.property(normalizedLine, (line) => {
        if (expectAgreement(Buffer.from(line)) === 'read') read++;
      }),
      { numRuns: 6000 },
    );
    // Most random lines have a time and an id; a good share must take the byte path.
    expect(read).toBeGreaterThan(2000);
  });

  it('random X API v2 lines', { timeout: 60_000 }, () => {
    let read = 0;
    fc.assert(
      fc.property(v2Line, (line) => {
        if (expectAgreement(Buffer.from(line)) === 'read') read++;
      }),
      { numRuns: 4000 },
    );
    expect(read).toBeGreaterThan(300);
  });

  it('random X API v2 lines with ordinary texts: most are read', { timeout: 60_000 }, () => {
    let read = 0;
    fc.assert(
      fc.property(v2LineWith(wordsText, true), (line) => {
        if (expectAgreement(Buffer.from(line)) === 'read') read++;
      }),
      { numRuns: 3000 },
    );
    expect(read).toBeGreaterThan(2000);
  });

  it('damaged lines (bytes replaced, inserted, removed, cut)', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.oneof(normalizedLine, v2Line), damage, (line, edits) => {
        expectAgreement(damaged(line, edits));
      }),
      { numRuns: 8000 },
    );
  });

  it('lines ending in \\r\\n, and lines with something after the closing brace', () => {
    const line = '{"id":"1613521965417439077","created_at":"2023-01-12T13:03:09.000Z","text":"a #b"}';
    expect(expectAgreement(Buffer.from(line + '\r\n'))).toBe('read');
    expect(expectAgreement(Buffer.from(line + '\n'))).toBe('read');
    for (const tail of [' ', '\r', '\r\r\n', 'x', '}', ',{}'])
      expect(expectAgreement(Buffer.from(line + tail)), JSON.stringify(tail)).toBe('declined');
  });

  it('every fixture, as sent and as the ingestor forwards it', () => {
    const values = Object.values(fixtures).filter((v) => typeof v === 'object' && v !== null);
    const lines = values.flatMap((v) => [JSON.stringify(v), v1Json(v)]);
    const raw = agreeOnLines(lines);
    const ours = agreeOnLines(normalizedFrom(lines));
    expect(raw.read).toBeGreaterThan(0);
    expect(ours.read).toBeGreaterThan(ours.lines / 2);
    agreeOnLines(fixtures.textSample.split('\n'));
  });

  it('the demo recording, raw and as normalized lines', { timeout: 60_000 }, () => {
    const lines = gunzipSync(readFileSync(DEMO)).toString('utf8').split('\n');
    const raw = agreeOnLines(lines);
    const ours = agreeOnLines(normalizedFrom(lines));
    // Measured: 36,702 of 37,243 lines (declined: `＃`, long posts and retweets of them, damage).
    expect(raw.read / raw.lines).toBeGreaterThan(0.95);
    expect(ours.read / ours.lines).toBeGreaterThan(0.95);
  });
});
