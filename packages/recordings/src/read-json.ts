import { LineSplitter, type SplitItem } from './line-splitter.ts';
import { lineEvents } from './read-lines.ts';
import type { ReadContext, RecordingEvent } from './recording-event.ts';
import { normalizeValue } from './tweets-api.ts';

/** Thrown for a `.json` file that cannot be read as a document nor as lines; read-recording adds the path. */
export class JsonDocumentError extends Error {
  override readonly name = 'JsonDocumentError';
  constructor(
    readonly code: 'INVALID_JSON' | 'DOCUMENT_TOO_LARGE',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a `.json` file, which in the wild is either JSON Lines (a twarc2
 * capture, a stream dump) or one whole document (a pretty-printed array, a
 * v1.1 search result `{"statuses":[…]}`, a twarc2 page).
 *
 * The first non-blank line decides: if it is a JSON object or array by
 * itself, the file is JSON Lines and is streamed with the line cap. If not
 * (a pretty-printed `[` or `{`, or a single line over the cap), the file is
 * held in memory up to `maxDocumentBytes` and parsed as one document. If that
 * parse fails but some lines are JSON, it was JSON Lines with a broken first
 * line after all, and is read as such; if no line is JSON either, the parse
 * error is reported.
 */
export async function* readJson(
  chunks: AsyncIterable<Buffer>,
  ctx: ReadContext,
): AsyncGenerator<RecordingEvent> {
  const splitter = new LineSplitter({ maxLineBytes: ctx.maxLineBytes });
  let held: Buffer[] = [];
  let heldBytes = 0;
  let pending: SplitItem[] = [];
  let decision: 'lines' | 'document' | undefined;

  for await (const chunk of chunks) {
    ctx.signal?.throwIfAborted();
    if (decision === 'lines') {
      yield* lineEvents(splitter.pushItems(chunk), 'json', ctx);
      continue;
    }
    held.push(chunk);
    heldBytes += chunk.length;
    if (heldBytes > ctx.maxDocumentBytes) {
      throw new JsonDocumentError(
        'DOCUMENT_TOO_LARGE',
        `its first line is not JSON by itself, so it was read as one JSON document, and it is larger than ` +
          `${ctx.maxDocumentBytes} bytes; convert it to JSON Lines (e.g. jq -c '.[]') and name it .jsonl`,
      );
    }
    if (decision === 'document') continue;
    pending.push(...splitter.pushItems(chunk));
    decision = decide(pending);
    if (decision === 'lines') {
      held = [];
      heldBytes = 0;
      yield* lineEvents(pending, 'json', ctx);
      pending = [];
    } else if (decision === 'document') {
      pending = [];
    }
  }

  if (decision === undefined) {
    pending.push(...splitter.endItems());
    decision = decide(pending) ?? 'lines';
    if (decision === 'lines') {
      yield* lineEvents(pending, 'json', ctx);
      return;
    }
  } else if (decision === 'lines') {
    yield* lineEvents(splitter.endItems(), 'json', ctx);
    return;
  }
  yield* readDocument(Buffer.concat(held, heldBytes), ctx);
}

/** JSON Lines if the first non-blank line is an object or array by itself, a document if it is not; undefined while unknown. */
function decide(items: SplitItem[]): 'lines' | 'document' | undefined {
  for (const item of items) {
    if (item.kind === 'oversized') return 'document';
    const text = item.text.trim();
    if (text === '') continue;
    if (text[0] !== '{' && text[0] !== '[') return 'document';
    try {
      JSON.parse(text);
      return 'lines';
    } catch {
      return 'document';
    }
  }
  return undefined;
}

function* readDocument(bytes: Buffer, ctx: ReadContext): Generator<RecordingEvent> {
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    yield* linesFallback(bytes, ctx, error);
    return;
  }
  ctx.progress.lines = countLines(bytes);
  const result = normalizeValue(value);
  if (result.kind === 'tweets') {
    for (const tweet of result.tweets) yield { kind: 'tweet', tweet, line: 1 };
  } else if (result.kind === 'malformed') {
    yield { kind: 'malformed', line: 1, reason: result.reason };
  } else {
    yield { kind: 'skipped', line: 1, reason: result.kind === 'skip' ? result.reason : 'watermark' };
  }
}

/** The document did not parse: JSON Lines with a broken first line, or a broken document (then report the parse error). */
function* linesFallback(bytes: Buffer, ctx: ReadContext, parseError: unknown): Generator<RecordingEvent> {
  const splitter = new LineSplitter({ maxLineBytes: ctx.maxLineBytes });
  const items = [...splitter.pushItems(bytes), ...splitter.endItems()];
  const events = [...lineEvents(items, 'json', ctx)];
  if (!events.some((e) => e.kind === 'tweet' || e.kind === 'skipped')) {
    const reason = parseError instanceof Error ? parseError.message.slice(0, 200) : String(parseError);
    throw new JsonDocumentError('INVALID_JSON', `is neither a JSON document (${reason}) nor JSON Lines`);
  }
  yield* events;
}

function countLines(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) n++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? n + 1 : n;
}
