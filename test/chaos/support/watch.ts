import { readFileSync } from 'node:fs';
import { metric } from './compare.ts';

/** Resident memory of a process, MiB (Linux). */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/** What a flood did to the server and the ingestor, watched from outside as a user would. */
export interface Watched {
  healthMs: number[];
  maxCheckpointAgeS: number;
  maxCheckpointPauseS: number;
  maxServerRssMiB: number;
  maxIngestorRssMiB: number;
  checkpoints: number;
}

/** Polls `/api/health` every 100 ms and `/metrics` and both processes' memory every second, until stopped. */
export function watch(url: string, serverPid: number, ingestorPid: number): { stop: () => Watched } {
  const w: Watched = {
    healthMs: [],
    maxCheckpointAgeS: 0,
    maxCheckpointPauseS: 0,
    maxServerRssMiB: 0,
    maxIngestorRssMiB: 0,
    checkpoints: 0,
  };
  let lastAge = Infinity;
  const health = setInterval(() => {
    const started = performance.now();
    void fetch(`${url}/api/health`)
      .then((r) => r.arrayBuffer())
      .then(
        () => w.healthMs.push(performance.now() - started),
        () => w.healthMs.push(Infinity),
      );
  }, 100);
  const metrics = setInterval(() => {
    void fetch(`${url}/metrics`)
      .then((r) => r.text())
      .then(
        (text) => {
          const age = metric(text, 'tagstream_checkpoint_age_seconds');
          if (age >= 0) {
            if (age < lastAge) w.checkpoints++;
            lastAge = age;
            w.maxCheckpointAgeS = Math.max(w.maxCheckpointAgeS, age);
          }
          w.maxCheckpointPauseS = Math.max(
            w.maxCheckpointPauseS,
            metric(text, 'tagstream_checkpoint_pause_max_seconds'),
          );
        },
        () => undefined,
      );
    try {
      w.maxServerRssMiB = Math.max(w.maxServerRssMiB, rssMiB(serverPid));
      w.maxIngestorRssMiB = Math.max(w.maxIngestorRssMiB, rssMiB(ingestorPid));
    } catch {
      // A process that has ended has no memory to read.
    }
  }, 1000);
  return {
    stop: () => {
      clearInterval(health);
      clearInterval(metrics);
      return w;
    },
  };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}
