/** A reply from the ingestor's control API. */
export interface ControlReply {
  status: number;
  body: unknown;
}

/**
 * Calls the ingestor's HTTP control API (DESIGN.md §1: control plane). The admin
 * token is sent only there, never echoed back to a browser.
 */
export class IngestorControl {
  constructor(
    readonly baseUrl: string,
    private readonly adminToken?: string,
  ) {}

  get(path: string, timeoutMs = 10_000): Promise<ControlReply> {
    return this.call('GET', path, undefined, timeoutMs);
  }

  send(method: 'PUT' | 'POST', path: string, body: unknown = {}, timeoutMs = 30_000): Promise<ControlReply> {
    return this.call(method, path, body, timeoutMs);
  }

  private async call(method: string, path: string, body: unknown, timeoutMs: number): Promise<ControlReply> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.adminToken) headers.authorization = `Bearer ${this.adminToken}`;
    try {
      const res = await fetch(new URL(path.replace(/^\//, ''), this.baseUrl), {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = text ? (JSON.parse(text) as unknown) : null;
      } catch {
        return unreachable(`the ingestor control API answered ${res.status} with something that is not JSON`);
      }
      return { status: res.status, body: parsed };
    } catch (err) {
      const e = err as Error;
      return unreachable(
        e.name === 'TimeoutError'
          ? `the ingestor control API did not answer within ${timeoutMs / 1000} s`
          : `the ingestor control API at ${this.baseUrl} is unreachable (${(e.cause as { code?: string } | undefined)?.code ?? e.message})`,
      );
    }
  }
}

function unreachable(message: string): ControlReply {
  return { status: 502, body: { statusCode: 502, error: 'Bad Gateway', message } };
}
