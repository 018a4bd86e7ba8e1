import { ResumeRequestSchema, type ResumeRequest } from '@tagstream/protocol';
import { Value } from '@sinclair/typebox/value';

/** Longest first line read as a request; past it the consumer is served as a plain one. */
export const MAX_REQUEST_BYTES = 4096;

/** The consumer's request line (DESIGN.md §3), or null when the line is anything else. */
export function parseResumeRequest(line: string): ResumeRequest | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  return Value.Check(ResumeRequestSchema, value) ? value : null;
}

/** Where a request resumes in a log: its offset when it names this log, else the stream's start. */
export function resumeOffset(
  request: ResumeRequest,
  log: { id: string; first: number; end: number; streamStart: number | null },
): number {
  const start = log.streamStart ?? log.end;
  if (request.from === 'stream' || request.log !== log.id) return Math.max(start, log.first);
  return Math.min(Math.max(request.from, log.first), log.end);
}
