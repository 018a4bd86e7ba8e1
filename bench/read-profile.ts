import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** A node of a V8 CPU profile (`--cpu-prof`, or the inspector's `Profiler.stop`). */
export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A profile read for the summaries: its nodes by id and each node's parent. */
export interface LoadedProfile {
  file: string;
  profile: Profile;
  byId: Map<number, ProfileNode>;
  parent: Map<number, number>;
}

/**
 * Reads a profile, or the busiest of the profiles in a folder: under tsx the loader's worker
 * thread writes a second one, which can hold more samples than the main thread's (it idles as
 * long as the main thread runs), so "busiest" counts the samples that are not idle.
 */
export function readBusiestProfile(fileOrDir: string): LoadedProfile {
  const files = statSync(fileOrDir).isDirectory()
    ? readdirSync(fileOrDir)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => path.join(fileOrDir, f))
    : [fileOrDir];
  const profiles = files.map((file) => ({
    file,
    profile: JSON.parse(readFileSync(file, 'utf8')) as Profile,
  }));
  profiles.sort((a, b) => busySamples(b.profile) - busySamples(a.profile));
  const { file, profile } = profiles[0]!;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  return { file, profile, byId, parent };
}

function busySamples(profile: Profile): number {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  return profile.samples.filter((id) => !idle.has(id)).length;
}
