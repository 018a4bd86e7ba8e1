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

/**
 * Calls the ingestor's HTTP control API (DESIGN.md §1: control plane), typed and checked by its
 * routes in @tagstream/protocol. The admin token is sent only there, never echoed back to a browser.
 */
export class IngestorControl {
  constructor(
    readonly baseUrl: string,
    private readonly adminToken?: string,
  ) {}

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
    const method = route.slice(0, space);
    const path = route.slice(space + 1);
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
      return readControlReply(route, res.status, await res.text());
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

function unreachable(message: string): { ok: false; status: 502; body: object } {
  return { ok: false, status: 502, body: { statusCode: 502, error: 'Bad Gateway', message } };
}
