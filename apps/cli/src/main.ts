import { Command, CommanderError } from 'commander';
import { RecordingError } from '@tagstream/recordings';
import type { Logger } from 'pino';
import { countCommand } from './commands/count.ts';
import { demoCommand } from './commands/demo.ts';
import { ingestCommand } from './commands/ingest.ts';
import { serveCommand } from './commands/serve.ts';
import { workCommand } from './commands/work.ts';
import { UsageError } from './usage-error.ts';

let logger: Logger | undefined;
// Loaded on first use: `count FILE` never logs, and pino with its pretty printer costs ~30 ms to load.
const getLogger = async (): Promise<Logger> => (logger ??= (await import('./logger.ts')).createLogger());

const program = new Command('tagstream')
  .description(
    'Live hashtag analytics: replay or stream tweets, count hashtags in sliding windows, watch the top ten move.',
  )
  .version('0.1.0')
  .showHelpAfterError('(add --help for usage)')
  .addCommand(countCommand(getLogger))
  .addCommand(ingestCommand(getLogger))
  .addCommand(serveCommand(getLogger))
  .addCommand(workCommand(getLogger))
  .addCommand(demoCommand(getLogger));

// Every subcommand reports usage errors through the same path, with exit code 2.
const exitOverride = (cmd: Command): void => {
  cmd.exitOverride();
  cmd.commands.forEach(exitOverride);
};
exitOverride(program);

// Piping into `head` closes stdout early; that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version are not failures; everything else commander reports is a usage error.
    process.exit(err.exitCode === 0 ? 0 : 2);
  }
  // A missing, unreadable or damaged recording is the caller's to fix: a message, not a stack trace.
  if (err instanceof UsageError || err instanceof RecordingError) {
    process.stderr.write(`tagstream: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`tagstream: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
}
