import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tweet } from '../tweet.ts';
import { parseLine, type LineResult } from './parse-line.ts';
import {
  csvSample,
  twarcFlattenedRetweet,
  twarcPage,
  v1Json,
  v1Retweet,
  v1Search,
  v2Long,
  v2Plain,
  v2RetweetMissingOriginal,
  v2RetweetOfLong,
} from './test-fixtures.ts';

/** Every result is exactly one of the five kinds, and every tweet is well-formed (plain checks: expect() per field is slow). */
function checkResult(result: LineResult): void {
  const problem = problemOf(result);
  if (problem !== undefined) expect.fail(`${problem}: ${JSON.stringify(result).slice(0, 500)}`);
}

function problemOf(result: LineResult): string | undefined {
  switch (result.kind) {
    case 'blank':
      return undefined;
    case 'skip':
    case 'malformed':
      return typeof result.reason === 'string' ? undefined : 'reason is not a string';
    case 'watermark':
      return Number.isFinite(result.time) ? undefined : 'watermark time is not finite';
    case 'tweets':
      if (result.tweets.length === 0) return 'empty tweets';
      for (const tweet of result.tweets) {
        const problem = tweetProblem(tweet);
        if (problem !== undefined) return problem;
      }
      return undefined;
    default:
      return 'unknown kind';
  }
}

function tweetProblem(t: Tweet): string | undefined {
  if (t.id !== null && !/^[0-9]+$/.test(t.id)) return 'bad id';
  if (t.time !== null && !Number.isFinite(t.time)) return 'bad time';
  if (typeof t.text !== 'string') return 'bad text';
  if (typeof t.retweet !== 'boolean') return 'bad retweet';
  if (t.author !== null && (typeof t.author !== 'string' || t.author === '')) return 'bad author';
  if (t.lang !== null && typeof t.lang !== 'string') return 'bad lang';
  if (t.hashtags?.some((tag) => !t.text.includes(`#${tag}`) && !t.text.includes(`＃${tag}`)))
    return 'tag not in text';
  return undefined;
}

const realLines = [
  JSON.stringify(v2Plain),
  JSON.stringify(v2Long),
  JSON.stringify(v2RetweetOfLong),
  JSON.stringify(v2RetweetMissingOriginal),
  JSON.stringify(twarcPage),
  JSON.stringify(twarcFlattenedRetweet),
  v1Json(v1Retweet),
  v1Json(v1Search),
  '{"id":"1","created_at":"2023-01-12T13:03:09.000Z","text":"a #b","hashtags":["b"],"rt":true}',
  '{"watermark":"2023-01-12T13:03:09.000Z"}',
  csvSample,
];

/** Replaces random subtrees of a parsed real object with random JSON: type confusion in every field. */
function mutateTree(root: unknown, edits: Array<[number, unknown]>): unknown {
  const slots: Array<[Record<string, unknown> | unknown[], string | number]> = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        slots.push([v, i]);
        walk(item);
      });
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, item] of Object.entries(v)) {
        slots.push([v as Record<string, unknown>, k]);
        walk(item);
      }
    }
  };
  walk(root);
  for (const [pick, value] of edits) {
    const slot = slots[pick % Math.max(1, slots.length)];
    if (slot) (slot[0] as Record<string | number, unknown>)[slot[1]] = value;
  }
  return root;
}

// Property runs are CPU-bound; on a loaded CI machine they need more than the default 5 s.
const FUZZ_TIMEOUT_MS = 60_000;

describe('parseLine fuzz', () => {
  it(
    'never throws on random bytes decoded as UTF-8 (with replacement characters)',
    () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 300 }),
          fc.constantFrom('auto' as const, 'json' as const),
          (bytes, mode) => {
            checkResult(parseLine(Buffer.from(bytes).toString('utf8'), mode));
            checkResult(parseLine(`{${Buffer.from(bytes).toString('utf8')}`, mode));
          },
        ),
        { numRuns: 500 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'never throws on random strings and random JSON values',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string({ unit: 'binary' }),
            fc.json(),
            fc.json().map((j) => `[${j},${j}]`),
          ),
          fc.constantFrom('auto' as const, 'json' as const),
          (line, mode) => checkResult(parseLine(line, mode)),
        ),
        { numRuns: 500 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'never throws on real-format lines with characters cut, inserted or replaced',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...realLines),
          fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.string({ unit: 'binary', maxLength: 5 })), {
            maxLength: 4,
          }),
          fc.constantFrom('auto' as const, 'json' as const),
          (line, edits, mode) => {
            let s = line;
            for (const [at, cut, insert] of edits) {
              const i = at % (s.length + 1);
              s = s.slice(0, i) + insert + s.slice(i + cut);
            }
            checkResult(parseLine(s, mode));
          },
        ),
        { numRuns: 1000 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'never throws on real-format objects with fields swapped for random JSON',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...realLines.slice(0, -1)),
          fc.array(fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 3 })), { minLength: 1, maxLength: 6 }),
          (line, edits) => {
            const mutated = JSON.stringify(mutateTree(JSON.parse(line), edits));
            checkResult(parseLine(mutated, 'json'));
          },
        ),
        { numRuns: 2000 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'survives deep nesting and huge arrays within a line',
    () => {
      checkResult(parseLine('['.repeat(100_000) + ']'.repeat(100_000), 'json'));
      checkResult(parseLine('{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000), 'json'));
      const nested = '{"statuses":['.repeat(1000) + '{"text":"deep"}' + ']}'.repeat(1000);
      checkResult(parseLine(nested, 'json'));
      checkResult(parseLine(`[${'{"text":"x #y"},'.repeat(20_000)}{"text":"z"}]`, 'auto'));
    },
    FUZZ_TIMEOUT_MS,
  );
});
