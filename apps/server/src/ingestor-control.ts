/** A reply from the ingestor's control API, passed on to our own client as is. */
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

  get(path: string): Promise<ControlReply> {
    return this.call('GET', path);
  }

  send(method: 'PUT' | 'POST', path: string, body: unknown = {}): Promise<ControlReply> {
    return this.call(method, path, body);
  }

  private async call(method: string, path: string, body?: unknown): Promise<ControlReply> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.adminToken) headers.authorization = `Bearer ${this.adminToken}`;
    try {
      const res = await fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
    } catch (err) {
      return {
        status: 502,
        body: {
          statusCode: 502,
          error: 'Bad Gateway',
          message: `ingestor control API unreachable: ${(err as Error).message}`,
        },
      };
    }
  }
}
