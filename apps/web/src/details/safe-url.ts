/**
 * A link target from server data, only when it is http(s): a `javascript:` URL in a sample tweet's
 * `url` would otherwise run in our origin when clicked.
 */
export function safeExternalUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}
