import { timingSafeEqual } from 'node:crypto';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DEFAULT_TRACKER, IngestorControlRoutes as routes, type IngestorStatus } from '@tagstream/protocol';
import { validateTrack, validateTrackers } from '@tagstream/tweets';
import Fastify, { LogController, type FastifySchemaCompiler } from 'fastify';
import type { Logger } from 'pino';
import { ReplayStartError, type Ingestor } from '../ingestor.ts';
import { listRecordings, RecordingError, resolveRecording } from '@tagstream/recordings';

export interface ControlApiOptions {
  ingestor: Ingestor;
  recordingsDir: string;
  adminToken?: string | undefined;
  logger: Logger;
}

/**
 * The ingestor's small HTTP control plane (DESIGN.md §1): status, track keywords,
 * replay control, recordings. The server's REST API calls it; data never flows here.
 * Its routes, bodies and answers are `IngestorControlRoutes` in @tagstream/protocol.
 */
export function buildControlApi(opts: ControlApiOptions) {
  const app = Fastify({
    loggerInstance: opts.logger,
    bodyLimit: 64 * 1024,
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();
  const { ingestor } = opts;

  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD' || !opts.adminToken) return;
    if (!bearerMatches(req.headers.authorization, opts.adminToken)) {
      return reply
        .code(401)
        .send({ statusCode: 401, error: 'Unauthorized', message: 'admin token required' });
    }
  });

  app.get('/status', async (): Promise<IngestorStatus> => ingestor.status());

  app.get('/track', async () => ({ keywords: ingestor.getKeywords() }));
  app.put('/track', { schema: { body: routes['PUT /track'].body } }, async (req, reply) => {
    const bad = validateTrack(req.body.keywords);
    if (bad) {
      return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: bad.message, rule: bad });
    }
    try {
      await ingestor.setKeywords(req.body.keywords);
    } catch (err) {
      const message = (err as Error).message;
      // X refused a rule (live): pass its message on. Anything else is X or the network failing.
      if ((err as Error).name === 'RuleSyncError' || (err as Error).name === 'RuleSyntaxError')
        return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message });
      return reply.code(502).send({ statusCode: 502, error: 'Bad Gateway', message });
    }
    return { keywords: ingestor.getKeywords() };
  });

  app.get('/trackers', async () => ({ trackers: ingestor.getTrackers() }));
  const trackersSchema = { body: routes['PUT /trackers'].body };
  app.put(
    '/trackers',
    {
      schema: trackersSchema,
      // Validated by TypeBox itself: no coercion, and a field the schema does not know is refused, not dropped.
      // (fastify types a route's compiler by the route's whole schema; it is called with each part's.)
      validatorCompiler: TypeBoxValidatorCompiler as unknown as FastifySchemaCompiler<typeof trackersSchema>,
    },
    async (req, reply) => {
      const bad = validateTrackers(req.body.trackers, DEFAULT_TRACKER);
      if (bad) {
        return reply.code(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: bad.message,
          ...(bad.rule ? { rule: bad.rule } : {}),
        });
      }
      try {
        await ingestor.setTrackers(req.body.trackers);
      } catch (err) {
        const message = (err as Error).message;
        if ((err as Error).name === 'RuleSyncError')
          return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message });
        return reply.code(502).send({ statusCode: 502, error: 'Bad Gateway', message });
      }
      return { trackers: ingestor.getTrackers() };
    },
  );

  app.get('/recordings', async () => ({ recordings: await listRecordings(opts.recordingsDir) }));

  app.post('/replay', { schema: { body: routes['POST /replay'].body } }, async (req, reply) => {
    if (ingestor.isLive()) {
      return reply.code(409).send({
        statusCode: 409,
        error: 'Conflict',
        message: 'the live X stream is the source; a replay cannot start while it runs',
      });
    }
    const file = resolveRecording(opts.recordingsDir, req.body.file);
    if (file === null) {
      return reply
        .code(400)
        .send({ statusCode: 400, error: 'Bad Request', message: `not a recording name: ${req.body.file}` });
    }
    try {
      await ingestor.startReplay({
        files: [file],
        speed: req.body.speed ?? 10,
        loop: req.body.loop ?? false,
      });
    } catch (err) {
      if (!(err instanceof RecordingError) && !(err instanceof ReplayStartError)) throw err;
      // The messages name the file by its path; the caller knows it by its name in the folder.
      const message = err.message.split(file).join(req.body.file);
      return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message });
    }
    return ingestor.status();
  });

  const control = (name: string, fn: (r: NonNullable<ReturnType<Ingestor['replayControl']>>) => void) =>
    app.post(`/replay/${name}`, async (_req, reply) => {
      const r = ingestor.replayControl();
      if (r === null)
        return reply.code(409).send({ statusCode: 409, error: 'Conflict', message: 'no replay is running' });
      fn(r);
      return ingestor.status();
    });
  control('pause', (r) => r.pause());
  control('resume', (r) => r.resume());

  app.post('/replay/speed', { schema: { body: routes['POST /replay/speed'].body } }, async (req, reply) => {
    const r = ingestor.replayControl();
    if (r === null)
      return reply.code(409).send({ statusCode: 409, error: 'Conflict', message: 'no replay is running' });
    r.setSpeed(req.body.speed);
    return ingestor.status();
  });

  app.post('/replay/seek', { schema: { body: routes['POST /replay/seek'].body } }, async (req, reply) => {
    const r = ingestor.replayControl();
    if (r === null)
      return reply.code(409).send({ statusCode: 409, error: 'Conflict', message: 'no replay is running' });
    r.seek(req.body.position);
    return ingestor.status();
  });

  return app;
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7));
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}
