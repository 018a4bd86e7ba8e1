import path from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IngestorControlRoutes as routes, type IngestorStatus } from '@tagstream/protocol';
import { listRecordings, RecordingError, resolveRecording } from '@tagstream/recordings';
import { validateTrack } from '@tagstream/tweets';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ReplayStartError, type Ingestor } from '../ingestor.ts';

type ControlApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** The control API's routes, as `IngestorControlRoutes` lists them. */
export async function controlRoutes(
  app: ControlApp,
  ingestor: Ingestor,
  recordingsDir: string,
): Promise<void> {
  // Every answer that shows the state names the replay's files, never their paths on this host.
  const status = (): IngestorStatus => withoutPaths(ingestor.status());

  app.get('/status', async (): Promise<IngestorStatus> => status());

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

  app.get('/recordings', async () => ({ recordings: await listRecordings(recordingsDir) }));

  app.post('/replay', { schema: { body: routes['POST /replay'].body } }, async (req, reply) => {
    if (ingestor.isLive()) {
      return reply.code(409).send({
        statusCode: 409,
        error: 'Conflict',
        message: 'the live X stream is the source; a replay cannot start while it runs',
      });
    }
    const file = resolveRecording(recordingsDir, req.body.file);
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
    return status();
  });

  const control = (name: string, fn: (r: NonNullable<ReturnType<Ingestor['replayControl']>>) => void) =>
    app.post(`/replay/${name}`, async (_req, reply) => {
      const r = ingestor.replayControl();
      if (r === null)
        return reply.code(409).send({ statusCode: 409, error: 'Conflict', message: 'no replay is running' });
      fn(r);
      return status();
    });
  control('pause', (r) => r.pause());
  control('resume', (r) => r.resume());

  app.post('/replay/speed', { schema: { body: routes['POST /replay/speed'].body } }, async (req, reply) => {
    const r = ingestor.replayControl();
    if (r === null)
      return reply.code(409).send({ statusCode: 409, error: 'Conflict', message: 'no replay is running' });
    r.setSpeed(req.body.speed);
    return status();
  });

  app.post('/replay/seek', { schema: { body: routes['POST /replay/seek'].body } }, async (req, reply) => {
    const r = ingestor.replayControl();
    if (r === null)
      return reply.code(409).send({ statusCode: 409, error: 'Conflict', message: 'no replay is running' });
    r.seek(req.body.position);
    return status();
  });
}

/** The replay's files by their names in the recordings folder, as the server's API shows them: the host's paths are its own business. */
function withoutPaths(status: IngestorStatus): IngestorStatus {
  if (status.replay === null) return status;
  return { ...status, replay: { ...status.replay, files: status.replay.files.map((f) => path.basename(f)) } };
}
