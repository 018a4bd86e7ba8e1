// Every code point, in the positions where the character classes decide: inside a hashtag, first after
// the sign, right before the sign; same for mentions and cashtags. The reference is twitter-text itself,
// so the data tables (and the case-insensitive extras) are checked against the engine actually running.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type * as TwitterText from 'twitter-text';
import { extractCashtags, extractHashtags, extractMentions } from '../hashtags.ts';

const oracle = createRequire(import.meta.url)('twitter-text') as typeof TwitterText;

type Extractor = (text: string) => string[];

const hashtagProbes = (c: string): string[] => ['#a' + c + 'b', c + '#a', '#' + c, '#' + c + '1'];
const mentionProbes = (c: string): string[] => ['@a' + c, c + '@a', 'rt' + c + '@a', c + 'rt@a', '@a/b' + c];
const cashtagProbes = (c: string): string[] => ['$A' + c, c + '$A', '$A.b' + c, '$A_' + c];

function mismatches(texts: string[], mine: Extractor, reference: Extractor): string[] {
  const bad: string[] = [];
  for (const text of texts) {
    const a = mine(text);
    const b = reference(text);
    if (JSON.stringify(a) !== JSON.stringify(b))
      bad.push(`${JSON.stringify(text)}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
  return bad;
}

const BLOCK = 0x2000;

describe('BMP code units', () => {
  for (let lo = 0; lo < 0x10000; lo += BLOCK) {
    const range = `U+${lo.toString(16).padStart(4, '0')}..U+${(lo + BLOCK - 1).toString(16).padStart(4, '0')}`;
    it(`classifies ${range} like twitter-text`, { timeout: 60_000 }, () => {
      const chars: string[] = [];
      for (let c = lo; c < lo + BLOCK; c++) chars.push(String.fromCharCode(c));
      expect(mismatches(chars.flatMap(hashtagProbes), extractHashtags, oracle.extractHashtags)).toEqual([]);
      expect(mismatches(chars.flatMap(mentionProbes), extractMentions, oracle.extractMentions)).toEqual([]);
      expect(mismatches(chars.flatMap(cashtagProbes), extractCashtags, oracle.extractCashtags)).toEqual([]);
    });
  }
});

describe('supplementary code points', () => {
  const PLANE = 0x10000;
  // The tables only reach into planes 1 and 2 and the start of plane 14, checked whole; the rest is sampled.
  const isDense = (cp: number): boolean => cp < 0x30000 || (cp >= 0xe0000 && cp < 0xe1000);
  // Outside the BMP a code point before the sign matters only through the hashtag class, which the
  // first probe already decides.
  const probe = (c: string): string[] => ['#a' + c + 'b', '#' + c];
  for (let plane = 1; plane <= 16; plane++) {
    it(`classifies plane ${plane} like twitter-text`, { timeout: 60_000 }, () => {
      // Probes are batched (space separated) to keep a million code points affordable; a wrong class
      // still changes that probe's hashtag.
      const texts: string[] = [];
      const probes: string[] = [];
      for (let cp = plane * PLANE; cp < (plane + 1) * PLANE; cp += isDense(cp) ? 1 : 61) {
        probes.push(...probe(String.fromCodePoint(cp)));
        if (probes.length >= 4096) texts.push(probes.splice(0).join(' '));
      }
      texts.push(probes.join(' '));
      expect(mismatches(texts, extractHashtags, oracle.extractHashtags)).toEqual([]);
    });
  }
});
