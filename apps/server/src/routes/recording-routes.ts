import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ErrorSchema, RecordingFolderSchema, UploadResponseSchema } from '@tagstream/protocol';
import { listRecordings, resolveRecording } from '@tagstream/recordings';
import { formatBytes } from './format-bytes.ts';
import { receiveRecording, UploadRejected } from './recording-upload.ts';
import { DEFAULT_RECORDINGS_QUOTA_BYTES, QuotaExceeded, RecordingsQuota } from './recordings-quota.ts';
import { replayProblem } from './replayable-check.ts';

/**
 * Lists and accepts recordings (DESIGN.md §6). Uploads are multipart with one
 * file, size-limited as sent and as decompressed, checked to be a text
 * recording of the format the name says, metered against the folder's quota,
 * read back as a replay would read them, and only then stored under their name
 * (temp file, then rename), so the recordings list never shows half a file or
 * one a replay would refuse.
 */
export interface RecordingRoutesOptions {
  recordingsDir: string;
  /** Largest upload as sent. */
  uploadLimitBytes: number;
  /** Largest upload after gunzip (a small .gz may expand a thousandfold). */
  uploadExpandedLimitBytes: number;
  /** Largest total size of the recordings folder (default 2 GiB). */
  quotaBytes?: number | undefined;
}

export async function recordingRoutes(app: FastifyInstance, deps: RecordingRoutesOptions): Promise<void> {
  const quota = new RecordingsQuota(deps.recordingsDir, deps.quotaBytes ?? DEFAULT_RECORDINGS_QUOTA_BYTES);
  const folder = async () => ({
    recordings: await listRecordings(deps.recordingsDir),
    usage: await quota.usage(),
  });

  app.get(
    '/api/recordings',
    {
      schema: {
        summary: 'The recordings folder: its recordings, and its size against its quota',
        response: { 200: RecordingFolderSchema },
      },
    },
    folder,
  );

  const refuse = (reply: FastifyReply, status: number, message: string): FastifyReply =>
    reply.code(status).send({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message });

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
          415: ErrorSchema,
          429: ErrorSchema,
          507: ErrorSchema,
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
      const id = randomBytes(6).toString('hex');
      const temp = path.join(deps.recordingsDir, `.upload-${id}.tmp`);
      let received;
      try {
        const meter = await quota.meter();
        received = await receiveRecording(part.file, temp, part.filename, {
          maxExpandedBytes: deps.uploadExpandedLimitBytes,
          reserve: meter.reserve,
        });
      } catch (err) {
        // Read what is left of the upload (bounded by the size limit) so the client gets the answer, not a reset.
        await drain(part.file);
        if (err instanceof QuotaExceeded) return refuse(reply, 507, err.message);
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
      // Hidden still (a leading dot), but with the recording's extension: a replay picks the format by the name.
      const checking = path.join(deps.recordingsDir, `.upload-${id}-${received.name}`);
      await rename(temp, checking);
      const problem = await replayProblem(checking, received.name).catch(async (err: unknown) => {
        await rm(checking, { force: true });
        throw err;
      });
      if (problem !== null) {
        await rm(checking, { force: true });
        return refuse(reply, problem.statusCode, problem.message);
      }
      await rename(checking, target);
      req.log.info(
        { name: received.name, bytes: received.bytes, expandedBytes: received.expandedBytes },
        'recording uploaded',
      );
      return reply.code(201).send({ name: received.name, ...(await folder()) });
    },
  );
}

function tooLarge(limit: number): string {
  return `the recording is larger than the upload limit of ${formatBytes(limit)}`;
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
