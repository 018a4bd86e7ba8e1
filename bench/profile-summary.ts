import { readBusiestProfile, type ProfileNode } from './read-profile.ts';

/**
 * `tsx bench/profile-summary.ts <dir-or-file> [top]`: a flat self-time and total-time table of a
 * `--cpu-prof` profile, for a terminal (there is no profile viewer among our dependencies). Given a
 * folder, it reads the busiest profile in it: under tsx the loader's worker thread writes a second,
 * nearly idle one (it can hold more samples, all idle).
 */

const arg = process.argv[2] ?? '.';
const top = Number(process.argv[3] ?? 30);
const { file: f, profile: p, byId, parent } = readBusiestProfile(arg);
const name = (n: ProfileNode): string => {
  const file = n.callFrame.url.split('/').slice(-2).join('/');
  return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
};
const self = new Map<string, number>();
const total = new Map<string, number>();
let all = 0;
for (let i = 0; i < p.samples.length; i++) {
  const dt = p.timeDeltas[i] ?? 0;
  all += dt;
  let node = byId.get(p.samples[i]!);
  if (node === undefined) continue;
  self.set(name(node), (self.get(name(node)) ?? 0) + dt);
  const seen = new Set<string>();
  while (node !== undefined) {
    const k = name(node);
    if (!seen.has(k)) total.set(k, (total.get(k) ?? 0) + dt);
    seen.add(k);
    const up = parent.get(node.id);
    node = up === undefined ? undefined : byId.get(up);
  }
}
const pct = (x: number): string => ((100 * x) / all).toFixed(1).padStart(5) + '%';
console.log(`${f}: ${(all / 1e6).toFixed(2)} s sampled`);
console.log('self time');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(v)}  ${k}`);
console.log('total time (with callees)');
for (const [k, v] of [...total].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(v)}  ${k}`);
