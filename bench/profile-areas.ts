import { readBusiestProfile } from './read-profile.ts';

/**
 * `tsx bench/profile-areas.ts <dir-or-file>`: where the time of a core profile goes, by area of the
 * code rather than by function (profile-summary.ts lists functions). Each sample is given to the
 * innermost frame that names one of the areas below, by source file (and, for the counter, by
 * method), so a builtin such as `JSON.parse` or a regex counts for the code that called it. Run
 * the process through tsx (`node --cpu-prof --import tsx …`) so frames carry their source files; a
 * bundle names every frame after the bundle. Given a folder, it reads the busiest profile in it:
 * under tsx the loader's worker thread writes a second one, which can hold more samples (it idles
 * as long as the main thread runs).
 */

/** A counter method that runs once per tweet, not per batch. */
const PER_TWEET =
  /^(add|addScanned|addTweet|admitted|countTags|batch|openStats|arrivalTime|sawEventTime|advance|trim|takesScanned)$/;

/** Areas in the order they are printed; the first rule that matches a frame names its area. */
const AREAS: { area: string; match: (file: string, fn: string) => boolean }[] = [
  { area: 'garbage collection', match: (_f, fn) => fn === '(garbage collector)' },
  { area: 'start-up: loading modules', match: (f) => /internal\/modules|tsx\/dist|esbuild/.test(f) },
  {
    area: 'reading the file: open, gunzip, split into lines, decode UTF-8',
    match: (f, fn) =>
      /\/recording\/|line-splitter|byte-line-reader|event-time-order|count-files|internal\/fs\/|internal\/streams\/|node:zlib/.test(
        f,
      ) ||
      (f === '' && fn === 'read'),
  },
  {
    area: 'reading the line: JSON scan or JSON.parse, normalize, date, id',
    match: (f) =>
      /normalize\/(scan-normalized|parse-line|event-time|ids|build-tweet|normalize-value|normalized|v2-|x-text|json)/.test(
        f,
      ) ||
      /tweets\/src\/bytes\/(scan|text-tags|json|v2|id-digits|iso-time|utf8|byte-view)|line-input|byte-input|scanned-line/.test(
        f,
      ),
  },
  { area: 'hashtag extraction (twitter-text rules)', match: (f) => /tweets\/src\/extract\//.test(f) },
  { area: 'sorting by event time', match: (f) => /sort-by-event-time/.test(f) },
  { area: 'duplicate ids (RecentIds)', match: (f) => /recent-ids|digit-ids|ring-times/.test(f) },
  {
    area: 'per-tag counting: key, batch map',
    match: (f, fn) =>
      /batch-counts|tag-key|tag-forms|byte-interner|id-spread/.test(f) ||
      (/windowed-counter\.ts|counter-session\.ts/.test(f) && PER_TWEET.test(fn)),
  },
  {
    area: 'batch close: windows, compaction, running totals, emission',
    match: (f) =>
      /compact-batch|running-totals|string-dictionary|string-arena|window-counts|window-emission|window-result|widening-column|display-form|top-k|windowed-counter|counter-session|retained-batch/.test(
        f,
      ),
  },
  { area: 'command: count, output', match: (f) => /apps\/cli\//.test(f) },
  {
    area: 'async iteration between chunks and lines (microtasks)',
    match: (_f, fn) => fn === 'runMicrotasks',
  },
];

const arg = process.argv[2] ?? '.';
const { file: f, profile: p, byId, parent } = readBusiestProfile(arg);

/** The area of a node's innermost matching frame (cached per node: the answer depends only on the stack). */
const areaOfNode = new Map<number, string>();
function areaOf(id: number): string {
  const cached = areaOfNode.get(id);
  if (cached !== undefined) return cached;
  const node = byId.get(id)!;
  const { url, functionName } = node.callFrame;
  let area = functionName === '(idle)' ? IDLE : AREAS.find((a) => a.match(url, functionName))?.area;
  if (area === undefined) {
    const up = parent.get(id);
    area = up === undefined ? 'other' : areaOf(up);
  }
  areaOfNode.set(id, area);
  return area;
}
/** Time the process waited (for the disk, say): sampled, but no CPU time, so left out of the shares. */
const IDLE = 'idle';

const time = new Map<string, number>();
let all = 0;
for (let i = 0; i < p.samples.length; i++) {
  const dt = p.timeDeltas[i] ?? 0;
  all += dt;
  const area = areaOf(p.samples[i]!);
  time.set(area, (time.get(area) ?? 0) + dt);
}
const idle = time.get(IDLE) ?? 0;
time.delete(IDLE);
const busy = all - idle;
console.log(`${f}: ${(busy / 1e6).toFixed(2)} s busy (and ${(idle / 1e6).toFixed(2)} s idle) sampled`);
console.log('| area | share of busy time | seconds |');
console.log('| --- | --- | --- |');
for (const [area, t] of [...time].sort((a, b) => b[1] - a[1])) {
  console.log(`| ${area} | ${((100 * t) / busy).toFixed(1)} % | ${(t / 1e6).toFixed(2)} |`);
}
if (process.env.DEBUG_AREAS) {
  const other = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    if (areaOf(p.samples[i]!) !== 'other') continue;
    const n = byId.get(p.samples[i]!)!;
    const k = `${n.callFrame.functionName} ${n.callFrame.url}`;
    other.set(k, (other.get(k) ?? 0) + (p.timeDeltas[i] ?? 0));
  }
  console.log([...other].sort((a, b) => b[1] - a[1]).slice(0, 20));
}
