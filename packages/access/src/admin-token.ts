import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * The admin token (TAGSTREAM_ADMIN_TOKEN), checked without telling a guesser anything but
 * "no": both sides are compared as SHA-256 digests, which always have the same length, so
 * neither the comparison's time nor its answer depends on how long the real token is or on
 * how many leading characters a guess got right. The token itself is never kept in a field
 * a logger or an error could print.
 */
export class AdminToken {
  readonly #digest: Buffer;

  constructor(token: string) {
    if (token.length === 0) throw new RangeError('an admin token cannot be empty');
    this.#digest = digest(token);
  }

  /** Whether `given` is the token, in constant time for any length of either. */
  matches(given: string): boolean {
    return timingSafeEqual(digest(given), this.#digest);
  }

  /** Never the token: what a stray `console.log` or JSON.stringify shows. */
  toJSON(): string {
    return '[admin token]';
  }
}

/**
 * Why a token is too easy to guess, or null: the failed-login throttle slows guessing, it
 * cannot make a short token safe. Said at start (a warning), never refused: it is the
 * operator's call.
 */
export function tokenWeakness(token: string): string | null {
  if (token.length >= 16) return null;
  return `the admin token is only ${token.length} characters long; use 16 or more random ones (openssl rand -hex 32)`;
}

/** The token in an `Authorization: Bearer <token>` header, or null for any other header or none. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const m = /^Bearer +(\S+) *$/i.exec(header);
  return m ? m[1]! : null;
}
