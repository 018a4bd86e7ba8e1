import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ErrorSchema, RecordingListSchema, UploadResponseSchema } from '@tagstream/protocol';
import { listRecordings, resolveRecording } from '@tagstream/recordings';
import { receiveRecording, UploadRejected } from './recording-upload.ts';

/**
 * Lists and accepts recordings (DESIGN.md §6). Uploads are multipart with one
 * file, size-limited as sent and as decompressed, checked to be a text
 * recording of the format the name says, and written atomically (temp file,
 * then rename), so the recordings list never shows half a file.
 */
export interface RecordingRoutesOptions {
  recordingsDir: string;
  /** Largest upload as sent. */
  uploadLimitBytes: number;
  /** Largest upload after gunzip (a small .gz may expand a thousandfold). */
  uploadExpandedLimitBytes: number;
}

export async function recordingRoutes(app: FastifyInstance, deps: RecordingRoutesOptions): Promise<void> {
  app.get(
    '/api/recordings',
    { schema: { summary: 'The recordings folder', response: { 200: RecordingListSchema } } },
    async () => ({ recordings: await listRecordings(deps.recordingsDir) }),
  );

  const refuse = (reply: FastifyReply, status: number, message: string): FastifyReply =>
    reply
      .code(status)
      .send({ statusCode: status, error: status === 413 ? 'Payload Too Large' : 'Bad Request', message });

  app.post(
    '/api/recordings',
    {
      schema: {
        summary:
          'Uploads a recording (multipart/form-data, one file; .jsonl, .ndjson, .json, .csv, .txt, optionally .gz)',
        consumes: ['multipart/form-data'],
        response: {
          201: UploadResponseSchema,
          400: ErrorSchema,
          401: ErrorSchema,
          413: ErrorSchema,
          429: ErrorSchema,
        },
      },
      config: app.changeLimit,
    },
    async (req, reply) => {
      if (!req.isMultipart())
        return refuse(reply, 400, 'send the recording as multipart/form-data with one file field');
      const part = await req.file({
        limits: { fileSize: deps.uploadLimitBytes, files: 1, fields: 5, parts: 6 },
        throwFileSizeLimit: false,
      });
      if (!part) return refuse(reply, 400, 'no file in the upload');
      await mkdir(deps.recordingsDir, { recursive: true });
      const temp = path.join(deps.recordingsDir, `.upload-${randomBytes(6).toString('hex')}.tmp`);
      let received;
      try {
        received = await receiveRecording(part.file, temp, part.filename, {
          maxExpandedBytes: deps.uploadExpandedLimitBytes,
        });
      } catch (err) {
        // Read what is left of the upload (bounded by the size limit) so the client gets the answer, not a reset.
        await drain(part.file);
        if (err instanceof UploadRejected) {
          if (part.file.truncated) return refuse(reply, 413, tooLarge(deps.uploadLimitBytes));
          return refuse(reply, err.statusCode, err.message);
        }
        throw err;
      }
      if (part.file.truncated) {
        await rm(temp, { force: true });
        return refuse(reply, 413, tooLarge(deps.uploadLimitBytes));
      }
      const target = resolveRecording(deps.recordingsDir, received.name);
      if (target === null) {
        await rm(temp, { force: true });
        return refuse(reply, 400, `cannot store a recording named "${received.name}"`);
      }
      await rename(temp, target);
      req.log.info(
        { name: received.name, bytes: received.bytes, expandedBytes: received.expandedBytes },
        'recording uploaded',
      );
      return reply
        .code(201)
        .send({ name: received.name, recordings: await listRecordings(deps.recordingsDir) });
    },
  );
}

function tooLarge(limit: number): string {
  return `the recording is larger than the upload limit of ${formatBytes(limit)}`;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KiB`;
  return `${n} bytes`;
}

/** Reads and discards the rest of a stream (bounded by the upload limit), however it ends. */
async function drain(
  stream: NodeJS.ReadableStream & { readableEnded: boolean; destroyed: boolean },
): Promise<void> {
  if (stream.readableEnded || stream.destroyed) return;
  await new Promise<void>((resolve) => {
    stream
      .once('end', resolve)
      .once('close', resolve)
      .once('error', () => resolve());
    stream.resume();
  });
}
