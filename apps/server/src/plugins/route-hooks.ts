import type { onRequestHookHandler, RouteOptions } from 'fastify';

const CHANGING = new Set(['PUT', 'POST', 'DELETE', 'PATCH']);

/** Whether a request method changes something (PUT, POST, DELETE, PATCH). */
export function isChangingMethod(method: string): boolean {
  return CHANGING.has(method);
}

/** Whether a route changes something: the routes the write guards watch. */
export function isChanging(route: Pick<RouteOptions, 'method'>): boolean {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  return methods.some(isChangingMethod);
}

/** Adds an onRequest hook to one route from an `onRoute` hook, after those it already has. */
export function appendOnRequest(route: RouteOptions, hook: onRequestHookHandler): void {
  const existing = route.onRequest;
  route.onRequest =
    existing === undefined ? [hook] : Array.isArray(existing) ? [...existing, hook] : [existing, hook];
}
