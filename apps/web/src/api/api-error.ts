/** Where a track rule failed to parse, as the server reports it with a 400. */
export interface RuleSyntaxError {
  /** Which keyword of the request. */
  index: number;
  /** Offset of the problem in that keyword, in UTF-16 code units. */
  position: number;
  length: number;
  message: string;
}

/** A failed request, with the server's message when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly rule: RuleSyntaxError | undefined;

  constructor(status: number, message: string, rule?: RuleSyntaxError) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.rule = rule;
  }
}

function isRuleSyntaxError(value: unknown): value is RuleSyntaxError {
  if (typeof value !== 'object' || value === null) return false;
  const rule = value as Record<string, unknown>;
  return (
    typeof rule.index === 'number' &&
    typeof rule.position === 'number' &&
    typeof rule.length === 'number' &&
    typeof rule.message === 'string'
  );
}

/** Turns an error response body (fastify's `{statusCode, error, message}`, maybe with `rule`) into an ApiError. */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const message =
    typeof fields.message === 'string' && fields.message !== ''
      ? fields.message
      : typeof fields.error === 'string'
        ? fields.error
        : `Request failed with status ${status}`;
  return new ApiError(status, message, isRuleSyntaxError(fields.rule) ? fields.rule : undefined);
}

/** A message for the reader from anything thrown by a request. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'The server could not be reached.';
  return error instanceof Error ? error.message : String(error);
}
