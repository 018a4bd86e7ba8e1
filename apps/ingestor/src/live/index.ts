export {
  backoffDelay,
  ReconnectBackoff,
  X_BACKOFF,
  type BackoffSchedule,
  type FailureKind,
} from './backoff.ts';
export {
  DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  startLiveSource,
  STREAM_QUERY,
  type LiveSource,
  type LiveSourceOptions,
} from './live-source.ts';
export type { LiveState, LiveStatus } from './live-status.ts';
export {
  fetchRules,
  isOwnRule,
  normalizeKeywords,
  RULE_TAG_PREFIX,
  ruleTag,
  RuleSyncError,
  syncRules,
  TRACKER_TAG_PREFIX,
  trackersOfTag,
  wantedRules,
  type RulesClient,
  type RuleSyncResult,
  type StreamRule,
  type WantedRule,
} from './rules-sync.ts';
export {
  createXClient,
  DEFAULT_X_API_BASE_URL,
  describeXFailure,
  normalizeBaseUrl,
  XApiError,
  type XClient,
  type XClientOptions,
  type XFailure,
} from './x-client.ts';
