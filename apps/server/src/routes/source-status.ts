import type { SourceStatus } from '@tagstream/protocol';
import type { AppDeps } from '../app-deps.ts';

interface IngestorStatusBody {
  kind?: string;
  replay?: {
    files: string[];
    position: number;
    total: number;
    speed: number | 'max';
    paused: boolean;
    loop: boolean;
    tweetTimeIso: string | null;
  } | null;
}

/** The core's view of its source, enriched with the ingestor's replay position when it can be asked. */
export async function sourceStatus(deps: AppDeps): Promise<SourceStatus> {
  const status = deps.core.sourceStatus();
  if (deps.control === null) return status;
  const reply = await deps.control.get('/status');
  if (reply.status !== 200) return status;
  const body = reply.body as IngestorStatusBody;
  if (body.kind === 'live') return { ...status, kind: 'live' };
  if (!body.replay) return status;
  const r = body.replay;
  return {
    ...status,
    kind: 'replay',
    replay: {
      files: r.files.map((f) => f.split(/[\\/]/).pop() ?? f),
      position: r.position,
      total: r.total,
      speed: r.speed,
      paused: r.paused,
      loop: r.loop,
      tweetTime: r.tweetTimeIso,
    },
  };
}
