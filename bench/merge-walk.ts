// bench/merge-walk.ts (run with `npx tsx bench/merge-walk.ts`, N=tweets): the emitter's work per entry
// in one process, alternating: feeding digests to a session against walking the facts of runs
// counted in parts (MergeFeeder, every part and digest at hand), on the scale bench's tweets; CPU s.
import { ManualClock } from '@tagstream/time';
import {
  CounterSession,
  digestLine,
  feedDigest,
  MergeFeeder,
  runParts,
  type MergeEntry,
} from '@tagstream/stream';

const N = Number(process.env.N ?? 100_000);
const start = Date.parse('2026-11-22T10:00:00.000Z');
const lines: string[] = [];
for (let i = 0; i < N; i++) {
  if (i % 100 === 0) lines.push(JSON.stringify({ watermark: new Date(start + i * 5 - 1000).toISOString() }));
  lines.push(
    JSON.stringify({
      id: String(1e9 + i),
      created_at: new Date(start + i * 5).toISOString(),
      text: `t #tag${i % 300} #Other${(i * 7) % 500}`,
    }),
  );
}
const ids = lines.map((_, i) => `${1e12 + i}-0`);
const digests = lines.map(digestLine);
const entries: MergeEntry[] = [];
const parts = new Map<string, string>();
for (let at = 0; at < lines.length; at += 500) {
  const out = runParts(ids.slice(at, at + 500), digests.slice(at, at + 500), 2_000);
  out.facts.forEach((facts, i) =>
    entries.push({ id: ids[at + i]!, facts: JSON.parse(JSON.stringify(facts)) }),
  );
  for (const [f, p] of out.parts) parts.set(f, p);
}
const factJson = entries.map((e) => JSON.stringify((e as { facts: unknown }).facts));
const digestOf = new Map(ids.map((id, i) => [id, digests[i]!]));
const session = () =>
  new CounterSession({
    settings: { batchMs: 2000, windowMs: 6000, slideMs: 2000, topK: 10, retweets: true, related: 5 },
    base: { tagProfiles: true },
    clock: new ManualClock(start),
    sink: { result: () => {} },
  });
function plain(): number {
  const s = session();
  const t0 = process.cpuUsage();
  for (const d of digests) feedDigest(s, d);
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / 1e6;
}
function merged(): number {
  const s = session();
  const f = new MergeFeeder(s, { watermarkFromSource: false });
  const t0 = process.cpuUsage();
  for (const [i, j] of factJson.entries()) {
    const e: MergeEntry = { id: ids[i]!, facts: JSON.parse(j) };
    for (let need = f.missing(e); need !== null; need = f.missing(e))
      f.supply(
        new Map(need.parts.map((p) => [p, parts.get(p) ?? null])),
        new Map(need.digests.map((d) => [d, digestOf.get(d) ?? null])),
      );
    f.feed(e);
  }
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / 1e6;
}
for (let r = 0; r < 4; r++)
  console.log(`digests ${plain().toFixed(3)} s   merged ${merged().toFixed(3)} s   (${N} tweets, CPU)`);
