import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import {
  IngestorControlRoutes,
  type IngestorControlBody,
  type IngestorControlReply,
  type IngestorControlRoute,
} from '@tagstream/protocol';

/**
 * A reply from the ingestor's control API: its 200 answer, checked against the route's schema,
 * or anything else (its 4xx/5xx as sent, or a 502 of ours when it could not be asked or
 * answered something this server does not understand).
 */
export type ControlReply<T = unknown> =
  { ok: true; status: 200; body: T } | { ok: false; status: number; body: unknown };

type Method<R extends IngestorControlRoute> = R extends `${infer M} ${string}` ? M : never;
type PathOf<R extends IngestorControlRoute, M extends string> = R extends `${M} ${infer P}` ? P : never;
/** The route a method and a path name. */
type RouteOf<M extends string, P extends string> = `${M} ${P}` & IngestorControlRoute;
type ChangeMethod = Exclude<Method<IngestorControlRoute>, 'GET'>;

// Compiled once: a status answer is checked on every cache miss of the source status.
const checks = new Map<IngestorControlRoute, TypeCheck<TSchema>>();
function checkOf(route: IngestorControlRoute): TypeCheck<TSchema> {
  let check = checks.get(route);
  if (check === undefined) {
    check = TypeCompiler.Compile(IngestorControlRoutes[route].reply);
    checks.set(route, check);
  }
  return check;
}

/**
 * Reads an answer of the control API: JSON, and on 200 the shape the route promises
 * (`IngestorControlRoutes` in @tagstream/protocol). Anything else is a 502 that says why.
 */
export function readControlReply<R extends IngestorControlRoute>(
  route: R,
  status: number,
  text: string,
): ControlReply<IngestorControlReply<R>> {
  let body: unknown = null;
  try {
    body = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return unreachable(`the ingestor control API answered ${status} with something that is not JSON`);
  }
  if (status !== 200) return { ok: false, status, body };
  const check = checkOf(route);
  if (!check.Check(body)) {
    const first = check.Errors(body).First();
    return unreachable(
      `the ingestor control API answered ${route} with an unexpected body${first ? ` (${first.path || '/'}: ${first.message})` : ''}; is it the same tagstream version?`,
    );
  }
  return { ok: true, status: 200, body: body as IngestorControlReply<R> };
}

/** An answer of the control API as it came: its status and its text. */
export interface ControlAnswer {
  status: number;
  text: string;
}

/**
 * How requests reach the ingestor's control API: over HTTP (the single process), or through
 * Redis (web nodes, scale/redis-control.ts). It rejects with a ControlUnreachable that says why
 * when no answer came.
 */
export interface ControlTransport {
  /** Where the control API is, for messages. */
  readonly where: string;
  request(method: string, path: string, body: unknown, timeoutMs: number): Promise<ControlAnswer>;
}

/** No answer from the ingestor: 502 when it could not be asked, 504 when it was and did not answer in time. */
export class ControlUnreachable extends Error {
  constructor(
    message: string,
    readonly status: 502 | 504 = 502,
  ) {
    super(message);
    this.name = 'ControlUnreachable';
  }
}

/** The control API over HTTP; the admin token is sent only there, never echoed back to a browser. */
export function httpControl(baseUrl: string, adminToken?: string): ControlTransport {
  return {
    where: baseUrl,
    async request(method, path, body, timeoutMs) {
      const headers: Record<string, string> = {};
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (adminToken) headers.authorization = `Bearer ${adminToken}`;
      try {
        const res = await fetch(new URL(path.replace(/^\//, ''), baseUrl), {
          method,
          headers,
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        });
        return { status: res.status, text: await res.text() };
      } catch (err) {
        const e = err as Error;
        throw new ControlUnreachable(
          e.name === 'TimeoutError'
            ? `the ingestor control API did not answer within ${timeoutMs / 1000} s`
            : `the ingestor control API at ${baseUrl} is unreachable (${(e.cause as { code?: string } | undefined)?.code ?? e.message})`,
        );
      }
    },
  };
}

/**
 * Calls the ingestor's control API (DESIGN.md §1: control plane), typed and checked by its
 * routes in @tagstream/protocol, over HTTP at `baseUrl` or through another transport.
 */
export class IngestorControl {
  private readonly transport: ControlTransport;

  constructor(baseUrl: string | ControlTransport, adminToken?: string) {
    this.transport = typeof baseUrl === 'string' ? httpControl(baseUrl, adminToken) : baseUrl;
  }

  get baseUrl(): string {
    return this.transport.where;
  }

  get<P extends PathOf<IngestorControlRoute, 'GET'>>(
    path: P,
    timeoutMs = 10_000,
  ): Promise<ControlReply<IngestorControlReply<RouteOf<'GET', P>>>> {
    return this.call(`GET ${path}` as RouteOf<'GET', P>, undefined, timeoutMs);
  }

  send<M extends ChangeMethod, P extends PathOf<IngestorControlRoute, M>>(
    method: M,
    path: P,
    body?: IngestorControlBody<RouteOf<M, P>>,
    timeoutMs = 30_000,
  ): Promise<ControlReply<IngestorControlReply<RouteOf<M, P>>>> {
    // A change without a body still sends `{}`: the control API takes JSON on every change.
    return this.call(`${method} ${path}` as RouteOf<M, P>, body ?? {}, timeoutMs);
  }

  private async call<R extends IngestorControlRoute>(
    route: R,
    body: unknown,
    timeoutMs: number,
  ): Promise<ControlReply<IngestorControlReply<R>>> {
    const space = route.indexOf(' ');
    try {
      const answer = await this.transport.request(
        route.slice(0, space),
        route.slice(space + 1),
        body,
        timeoutMs,
      );
      return readControlReply(route, answer.status, answer.text);
    } catch (err) {
      if (err instanceof ControlUnreachable) return unreachable(err.message, err.status);
      throw err;
    }
  }
}

function unreachable(
  message: string,
  status: 502 | 504 = 502,
): { ok: false; status: 502 | 504; body: object } {
  const error = status === 504 ? 'Gateway Timeout' : 'Bad Gateway';
  return { ok: false, status, body: { statusCode: status, error, message } };
}
