/** The request headers the rule reads (node's lower-case names). */
export interface BodyHeaders {
  'content-type'?: string | undefined;
  'content-length'?: string | undefined;
  'transfer-encoding'?: string | undefined;
}

/**
 * What a changing request must send its body as, and why one is refused: the media types a
 * route takes (`application/json` for the JSON API, `multipart/form-data` for uploads). A
 * browser may send `text/plain`, `application/x-www-form-urlencoded` and
 * `multipart/form-data` to any site without asking it first (a "simple" request); taking
 * JSON only closes that road on every route that is not an upload. A request without a
 * body needs no type (`POST /replay/pause` from curl).
 *
 * Returns null when the request may go on, or the message of a 415.
 */
export function contentTypeRefusal(headers: BodyHeaders, accepted: readonly string[]): string | null {
  const type = headers['content-type']?.split(';', 1)[0]!.trim().toLowerCase();
  const hasBody =
    headers['transfer-encoding'] !== undefined ||
    (headers['content-length'] !== undefined && headers['content-length'] !== '0');
  if (type === undefined || type === '') {
    return hasBody ? `send the body with Content-Type: ${accepted.join(' or ')}` : null;
  }
  if (accepted.includes(type)) return null;
  return `this request takes ${accepted.join(' or ')}, not ${type}`;
}
