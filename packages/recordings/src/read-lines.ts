import { LineSplitter, type SplitItem } from './line-splitter.ts';
import type { ReadContext, RecordingEvent } from './recording-event.ts';
import { parseLine, type LineMode } from './tweets-api.ts';

/**
 * Reads JSON Lines (`json` mode: every non-blank line must be JSON) or socket
 * style text lines (`auto` mode: JSON objects or plain text), one record per
 * line, with the line byte cap.
 */
export async function* readLines(
  chunks: AsyncIterable<Buffer>,
  mode: LineMode,
  ctx: ReadContext,
): AsyncGenerator<RecordingEvent> {
  const splitter = new LineSplitter({ maxLineBytes: ctx.maxLineBytes });
  for await (const chunk of chunks) {
    ctx.signal?.throwIfAborted();
    yield* lineEvents(splitter.pushItems(chunk), mode, ctx);
  }
  yield* lineEvents(splitter.endItems(), mode, ctx);
}

/** The events of split lines, in order; also used for the JSON Lines fallback of `.json` files. */
export function* lineEvents(items: SplitItem[], mode: LineMode, ctx: ReadContext): Generator<RecordingEvent> {
  for (const item of items) {
    ctx.progress.lines = item.line;
    if (item.kind === 'oversized') {
      yield item;
      continue;
    }
    const result = parseLine(item.text, mode);
    switch (result.kind) {
      case 'tweets':
        for (const tweet of result.tweets) yield { kind: 'tweet', tweet, line: item.line };
        break;
      case 'watermark':
        // A capture of our own TCP output: replay makes its own watermarks.
        yield { kind: 'skipped', line: item.line, reason: 'watermark' };
        break;
      case 'skip':
        yield { kind: 'skipped', line: item.line, reason: result.reason };
        break;
      case 'malformed':
        yield { kind: 'malformed', line: item.line, reason: result.reason };
        break;
      case 'blank':
        break;
    }
  }
}
