import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  ErrorSchema,
  ReplayRequestSchema,
  ReplaySpeedRequestSchema,
  SourceStatusSchema,
  TrackSchema,
  type ErrorBody,
  type ReplayRequest,
  type ReplaySpeedRequest,
  type RuleError,
  type SourceStatus,
  type Track,
} from '@tagstream/protocol';
import type { AppDeps } from '../app-deps.ts';
import { changeLimit } from '../plugins/change-rate-limit.ts';
import type { ControlReply } from '../ingestor-control.ts';
import type { SourceStatusCache } from './source-status.ts';

export interface ControlRouteDeps extends AppDeps {
  source: SourceStatusCache;
  onTrack: (keywords: string[]) => void;
  onSourceChange: (status: SourceStatus) => void;
}

const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  429: ErrorSchema,
  502: ErrorSchema,
  503: ErrorSchema,
};

/**
 * Source control (DESIGN.md §6): track keywords and replay, passed to the
 * ingestor's control API. Each change is broadcast (`track`, `source`). Replay
 * calls answer with the server's own source status (file names only, never the
 * ingestor's paths). The ingestor's answers a client can act on (a rule error
 * with its position, no such recording, no replay running) pass through; a
 * refused token or a failure between server and ingestor is a 502 that says so.
 */
export async function controlRoutes(app: FastifyInstance, deps: ControlRouteDeps): Promise<void> {
  const changing = changeLimit(deps);
  const noIngestor = (reply: FastifyReply): FastifyReply =>
    reply.code(503).send({
      statusCode: 503,
      error: 'Service Unavailable',
      message:
        'this server reads a plain line source; track and replay need the tagstream ingestor (--control)',
    });

  const failure = (reply: FastifyReply, r: ControlReply): FastifyReply => {
    const body = (typeof r.body === 'object' && r.body !== null ? r.body : {}) as Partial<ErrorBody>;
    const message =
      typeof body.message === 'string' ? hidePaths(body.message) : `the ingestor answered ${r.status}`;
    if (r.status === 401 || r.status === 403) {
      return reply.code(502).send({
        statusCode: 502,
        error: 'Bad Gateway',
        message:
          "the ingestor refused this server's admin token: start both with the same TAGSTREAM_ADMIN_TOKEN",
      });
    }
    if (r.status >= 500 || r.status < 400) {
      return reply.code(502).send({ statusCode: 502, error: 'Bad Gateway', message });
    }
    return reply.code(r.status).send({
      statusCode: r.status,
      error: STATUS_CODES[r.status] ?? 'Error',
      message,
      ...(isRuleError(body.rule) ? { rule: body.rule } : {}),
    });
  };

  /** After a replay change: the fresh status, announced to every dashboard. */
  const changed = async (): Promise<SourceStatus> => {
    const { status } = await deps.source.get(true);
    deps.onSourceChange(status);
    return status;
  };

  app.get(
    '/api/track',
    { schema: { summary: 'The track keywords', response: { 200: TrackSchema, 502: ErrorSchema } } },
    async (_req, reply) => {
      if (deps.control === null) return { keywords: [] };
      const r = await deps.control.get('/track');
      if (!r.ok) return failure(reply, r);
      return r.body;
    },
  );

  app.put<{ Body: Track }>(
    '/api/track',
    {
      schema: {
        summary: 'Sets the track keywords (rule language; 400 points at a rule error)',
        body: TrackSchema,
        response: { 200: TrackSchema, ...errors },
      },
      config: changing,
    },
    async (req, reply) => {
      if (deps.control === null) return noIngestor(reply);
      const r = await deps.control.send('PUT', '/track', req.body);
      if (!r.ok) return failure(reply, r);
      const { keywords } = r.body;
      deps.onTrack(keywords);
      return { keywords };
    },
  );

  app.post<{ Body: ReplayRequest }>(
    '/api/replay',
    {
      schema: {
        summary: 'Replays a recording from the recordings folder',
        body: ReplayRequestSchema,
        response: { 200: SourceStatusSchema, ...errors },
      },
      config: changing,
    },
    async (req, reply) => {
      if (deps.control === null) return noIngestor(reply);
      const r = await deps.control.send('POST', '/replay', req.body);
      if (!r.ok) return failure(reply, r);
      return changed();
    },
  );

  for (const action of ['pause', 'resume'] as const) {
    app.post(
      `/api/replay/${action}`,
      {
        schema: {
          summary: `${action[0]!.toUpperCase()}${action.slice(1)}s the replay`,
          response: { 200: SourceStatusSchema, ...errors },
        },
        config: changing,
      },
      async (_req, reply) => {
        if (deps.control === null) return noIngestor(reply);
        const r = await deps.control.send('POST', `/replay/${action}`);
        if (!r.ok) return failure(reply, r);
        return changed();
      },
    );
  }

  app.post<{ Body: ReplaySpeedRequest }>(
    '/api/replay/speed',
    {
      schema: {
        summary: 'Changes the replay speed',
        body: ReplaySpeedRequestSchema,
        response: { 200: SourceStatusSchema, ...errors },
      },
      config: changing,
    },
    async (req, reply) => {
      if (deps.control === null) return noIngestor(reply);
      const r = await deps.control.send('POST', '/replay/speed', req.body);
      if (!r.ok) return failure(reply, r);
      return changed();
    },
  );
}

function isRuleError(value: unknown): value is RuleError {
  const r = value as Partial<RuleError> | null | undefined;
  return (
    typeof r === 'object' &&
    r !== null &&
    Number.isInteger(r.index) &&
    Number.isInteger(r.position) &&
    Number.isInteger(r.length) &&
    typeof r.message === 'string'
  );
}

/** `/srv/data/recordings/x.jsonl: no such file` → `x.jsonl: no such file`: the host's folders are not the client's business. */
function hidePaths(message: string): string {
  return message.replace(/(?:[A-Za-z]:)?(?:[\\/][^\s\\/:"']+)+[\\/]([^\s\\/:"']+)/g, '$1');
}
