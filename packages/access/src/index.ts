/**
 * Who may reach and change the apps, shared by the server and the ingestor's control API
 * (DESIGN.md §8): the admin token compared in constant time, the failed-authentication
 * throttle that never spends the admin's budget, the allow-list of hosts and origins
 * (DNS rebinding, cross-site writes) and the media types a changing request may carry.
 * Pure logic and node:crypto; the apps hook it into their HTTP servers.
 */
export { AdminToken, bearerToken, tokenWeakness } from './admin-token.ts';
export { AdminGate, refusalAnswer, type AdminRefusal, type AdminVerdict } from './admin-gate.ts';
export { FailedAuthThrottle, type FailedAuthOptions, type FailureAnswer } from './failed-auth-throttle.ts';
export {
  AllowList,
  AllowListError,
  type AllowListOptions,
  type RequestHeaders,
  type WriteRefusal,
} from './allow-list.ts';
export { browserMark } from './browser-mark.ts';
export { contentTypeRefusal, type BodyHeaders } from './content-type-rule.ts';
