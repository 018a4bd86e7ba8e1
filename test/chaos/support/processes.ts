import { DEFAULT_SETTINGS } from '@tagstream/protocol';
import path from 'node:path';
import { Proc } from '../../../apps/cli/test/tagstream-process.ts';

export { killAll, Proc } from '../../../apps/cli/test/tagstream-process.ts';

export interface IngestorProc {
  proc: Proc;
  port: number;
  controlPort: number;
  control: string;
}

/**
 * `tagstream ingest replay FILE` with its log in `logDir`; `ports` reuses the ports of an earlier
 * run (a restart), so the server finds it where it was.
 */
export async function startIngestor(o: {
  recording: string;
  logDir: string;
  speed: string;
  ports?: { port: number; controlPort: number };
  extra?: string[];
}): Promise<IngestorProc> {
  const proc = new Proc([
    'ingest',
    'replay',
    o.recording,
    '--speed',
    o.speed,
    '--port',
    String(o.ports?.port ?? 0),
    '--control-port',
    String(o.ports?.controlPort ?? 0),
    '--log-dir',
    o.logDir,
    '--no-progress',
    ...(o.extra ?? []),
  ]);
  const [, port] = await proc.waitFor(/serving tweets on tcp:\/\/127\.0\.0\.1:(\d+)/);
  const [, controlPort] = await proc.waitFor(
    /"part":"control".*?Server listening at http:\/\/127\.0\.0\.1:(\d+)/,
  );
  return {
    proc,
    port: Number(port),
    controlPort: Number(controlPort),
    control: `http://127.0.0.1:${controlPort}/`,
  };
}

// Related tags as the server lists them by default, so that count, serve and work are compared on them too.
export const WINDOW_FLAGS = [
  '--batch',
  '2s',
  '--window',
  '6s',
  '--related',
  String(DEFAULT_SETTINGS.related),
];

/**
 * `tagstream serve` reading the ingestor, checkpointing to `checkpoints` every 10 results (or at the
 * server's default cadence with `checkpointEvery: null`); `node` runs it with node flags or from another
 * build of the command (see `Proc`).
 */
export async function startServer(o: {
  ingestor: { port: number; control: string };
  checkpoints: string;
  dir: string;
  extra?: string[];
  checkpointEvery?: number | null;
  node?: { flags?: string[]; entry?: string };
}): Promise<{ proc: Proc; url: string }> {
  const every = o.checkpointEvery === undefined ? 10 : o.checkpointEvery;
  const proc = new Proc(
    [
      'serve',
      '--source',
      `tcp://127.0.0.1:${o.ingestor.port}`,
      '--control',
      o.ingestor.control,
      '--port',
      '0',
      '--checkpoints',
      o.checkpoints,
      ...(every === null ? [] : ['--checkpoint-every', String(every)]),
      '--recordings',
      path.join(o.dir, 'recordings'),
      ...WINDOW_FLAGS,
      ...(o.extra ?? []),
    ],
    o.node?.flags,
    o.node?.entry,
  );
  const [, url] = await proc.waitFor(/dashboard at (http:\/\/127\.0\.0\.1:\d+)/);
  return { proc, url: url! };
}
