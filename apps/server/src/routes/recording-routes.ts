import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { RecordingListSchema } from '@tagstream/protocol';
import type { AppDeps } from '../app-deps.ts';
import { listRecordings, resolveRecording } from '@tagstream/ingestor/recordings';

/** Lists and accepts recordings (DESIGN.md §6); uploads are size-limited and written atomically. */
export async function recordingRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/api/recordings', { schema: { response: { 200: RecordingListSchema } } }, async () => ({
    recordings: await listRecordings(deps.recordingsDir),
  }));

  app.post(
    '/api/recordings',
    { config: { rateLimit: { max: deps.changeRateLimit, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const part = await req.file({ limits: { fileSize: deps.uploadLimitBytes, files: 1 } });
      if (!part)
        return reply
          .code(400)
          .send({ statusCode: 400, error: 'Bad Request', message: 'no file in the upload (field "file")' });
      const name = path.basename(part.filename).replace(/[^\p{L}\p{N}._-]+/gu, '_');
      const target = resolveRecording(deps.recordingsDir, name);
      if (target === null) {
        part.file.resume();
        return reply.code(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: `unsupported recording name "${name}": use .jsonl, .ndjson, .json, .csv or .txt, optionally .gz`,
        });
      }
      await mkdir(deps.recordingsDir, { recursive: true });
      const temp = `${target}.${process.pid}.upload`;
      try {
        await pipeline(part.file, createWriteStream(temp));
        if (part.file.truncated) {
          await rm(temp, { force: true });
          return reply.code(413).send({
            statusCode: 413,
            error: 'Payload Too Large',
            message: `recording larger than ${deps.uploadLimitBytes} bytes`,
          });
        }
        await rename(temp, target);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
      return reply.code(201).send({ name, recordings: await listRecordings(deps.recordingsDir) });
    },
  );
}
