import { copyFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { DEFAULT_SETTINGS } from '@tagstream/protocol/settings-values';
import type { Logger } from 'pino';
import { parseIntFlag, parseSpeed } from '../duration.ts';
import { UsageError } from '../usage-error.ts';
import { addAccessFlags, serve } from './serve.ts';

/** The bundled demo recording. */
export const DEMO_RECORDING = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../samples/demo.jsonl.gz',
);

interface DemoFlags {
  port: string;
  host: string;
  speed: string;
  file: string;
  recordings: string;
  recordingsQuota: string;
  allowedHost: string[];
  origin: string[];
}

/** `tagstream demo`: the ingestor looping the bundled recording plus the server, no credentials needed. */
export function demoCommand(logger: () => Promise<Logger>): Command {
  return addAccessFlags(new Command('demo'))
    .summary('replay the bundled recording in a loop and serve the dashboard (port 3000 unless --port)')
    .option('--port <port>', 'dashboard port', '3000')
    .option('--host <host>', 'dashboard address', '127.0.0.1')
    .option('--speed <n|max>', 'replay speed (10: a 10 s batch every second)', '10')
    .option('--file <recording>', 'recording to replay', DEMO_RECORDING)
    .option(
      '--recordings <dir>',
      'recordings folder (the demo recording is copied there)',
      path.join('.tagstream', 'recordings'),
    )
    .option('--recordings-quota <size>', 'largest total size of the recordings folder (e.g. 500MiB)', '2GiB')
    .action(async (flags: DemoFlags) => {
      const log = await logger();
      const speed = parseSpeed(flags.speed);
      const port = parseIntFlag(flags.port, '--port', 0, 65535);
      const file = path.resolve(flags.file);
      const s = await stat(file).catch(() => null);
      if (!s?.isFile())
        throw new UsageError(`demo recording not found: ${file} (regenerate it with npm run samples)`);
      await mkdir(flags.recordings, { recursive: true });
      const listed = path.join(flags.recordings, path.basename(file));
      if (!(await stat(listed).catch(() => null))) await copyFile(file, listed);

      const { Ingestor, buildControlApi } = await import('@tagstream/ingestor');
      // The ingestor takes free ports so a demo never collides with a running one; the server is told where.
      const ingestorLog = log.child({ part: 'ingestor' });
      const ingestor = new Ingestor({
        host: '127.0.0.1',
        port: 0,
        format: 'json',
        logger: file === DEMO_RECORDING ? quietAboutDeliberateLines(ingestorLog, listed) : ingestorLog,
      });
      const lines = await ingestor.listen();
      // The replay first, then the control API and the server: the first batch closes 1.5 s of replay
      // after the replay starts (10 s batch + 5 s lateness at 10×), and the servers start during that
      // wait; the server asks for the stream from its start, out of the ingestor's log, when it connects. Starting
      // the server while the recording loads answered /api/health 1.6 s sooner but moved the chart 0.9 s
      // later (medians of 8 on 2 cores): reading the recording and starting the server share one thread.
      await ingestor.startReplay({ files: [listed], speed, loop: true });
      const control = buildControlApi({
        ingestor,
        recordingsDir: flags.recordings,
        adminToken: process.env.TAGSTREAM_ADMIN_TOKEN || undefined,
        logger: log.child({ part: 'control' }),
      });
      await control.listen({ host: '127.0.0.1', port: 0 });
      const controlAddr = control.server.address();
      const controlPort = typeof controlAddr === 'object' && controlAddr ? controlAddr.port : 0;
      const url = await serve(
        {
          source: `tcp://127.0.0.1:${lines.port}`,
          host: flags.host,
          port: String(port),
          control: `http://127.0.0.1:${controlPort}/`,
          recordings: flags.recordings,
          recordingsQuota: flags.recordingsQuota,
          origin: flags.origin,
          allowedHost: flags.allowedHost,
          // Each demo starts from the recording's beginning: a checkpoint would make its tweets late.
          checkpoints: 'none',
          batch: '10s',
          window: '20s',
          top: '10',
          lateness: '5s',
          retweets: true,
          related: String(DEFAULT_SETTINGS.related),
        },
        log,
        {
          onClose: async () => {
            await Promise.all([ingestor.close(), control.close()]);
          },
        },
      );
      // One plain line for the person who typed the command, whatever the log level: where to look.
      process.stderr.write(
        `tagstream demo: the dashboard is at ${url} (replaying ${path.basename(file)} in a loop at ${speed === 'max' ? 'max speed' : `${speed}×`}; Ctrl+C stops it)\n`,
      );
    });
}

/**
 * The bundled recording holds a few malformed lines on purpose (to show that they are counted and
 * skipped, never a crash): at every demo start that is no news, so its "malformed lines skipped"
 * report goes out at info level instead of warn. A recording of the user's own still warns.
 */
export function quietAboutDeliberateLines(log: Logger, bundled: string): Logger {
  return new Proxy(log, {
    get(target, property, receiver) {
      if (property !== 'warn') return Reflect.get(target, property, receiver) as unknown;
      return (fields: unknown, ...rest: unknown[]) => {
        const about = fields as { file?: unknown; malformed?: unknown; oversized?: unknown } | null;
        const deliberate =
          typeof about === 'object' &&
          about !== null &&
          about.file === bundled &&
          about.oversized === 0 &&
          typeof rest[0] === 'string' &&
          rest[0].includes('malformed line');
        const level = deliberate ? target.info : target.warn;
        return (level as (...args: unknown[]) => void).call(target, fields, ...rest);
      };
    },
  });
}
