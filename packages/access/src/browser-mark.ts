/**
 * Why a request comes from a browser, or null: browsers mark every request with
 * `Sec-Fetch-Site` (and cross-origin ones, and every POST, with `Origin`). For an API that
 * only programs call (the ingestor's control API), a browser's request can only be a page
 * trying its luck, DNS rebinding included.
 */
export function browserMark(headers: {
  origin?: string | undefined;
  'sec-fetch-site'?: string | undefined;
}): string | null {
  if (headers.origin !== undefined) return `Origin: ${headers.origin}`;
  if (headers['sec-fetch-site'] !== undefined) return `Sec-Fetch-Site: ${headers['sec-fetch-site']}`;
  return null;
}
