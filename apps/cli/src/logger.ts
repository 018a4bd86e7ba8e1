import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

/**
 * Logs go to stderr, so stdout stays clean for results (`count --json | jq`).
 * Readable on a terminal, JSON lines otherwise (for log collectors).
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const redact = {
    paths: ['req.headers.authorization', '*.bearerToken', '*.adminToken', 'token'],
    censor: '[redacted]',
  };
  if (process.stderr.isTTY) {
    return pino(
      { level, redact },
      pretty({ destination: 2, colorize: true, ignore: 'pid,hostname', sync: true }),
    );
  }
  return pino({ level, redact }, pino.destination({ dest: 2, sync: false }));
}
