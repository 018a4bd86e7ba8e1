import type { StreamRule, Tracker } from '@tagstream/protocol';
import type { StreamingV2Rule, TwitterApiReadOnly } from 'twitter-api-v2';
import { ApiResponseError } from 'twitter-api-v2';
import { describeXFailure, problemText, XApiError, type XProblem } from './x-client.ts';

/** Every rule the ingestor creates for a track keyword carries a tag `tagstream:<value>`; rules without it are not ours. */
export const RULE_TAG_PREFIX = 'tagstream:';

/**
 * A rule that serves trackers carries `tagstream-tracker:<name>` (names joined by `,` when several
 * trackers share one rule value, as X refuses two rules with the same value), so the stream's
 * `matching_rules` say which trackers each tweet belongs to.
 */
export const TRACKER_TAG_PREFIX = 'tagstream-tracker:';

/** One rule we want on X: its value, its tag, and the trackers it serves (none for a keyword's rule). */
export interface WantedRule {
  value: string;
  tag: string;
  trackers: string[];
}

/** One filtered-stream rule on X, as the control API reports it (the contract is in @tagstream/protocol). */
export type { StreamRule };

export interface RuleSyncResult {
  /** Our rules on X after the sync, one per wanted value (minus those a foreign rule covers). */
  rules: StreamRule[];
  added: StreamRule[];
  deleted: StreamRule[];
  /** Rules on X without our prefix; never touched. */
  foreign: StreamRule[];
  /** Foreign rules whose value equals a wanted keyword: X refuses a second rule with the same value. */
  coveredByForeign: StreamRule[];
}

/** The part of the client `syncRules` uses (a `TwitterApi` has it). */
export interface RulesClient {
  v2: Pick<TwitterApiReadOnly['v2'], 'streamRules' | 'updateStreamRules'>;
}

/** X refused one or more rules (invalid syntax, duplicates…); the message is X's. */
export class RuleSyncError extends Error {
  constructor(
    message: string,
    readonly problems: XProblem[],
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RuleSyncError';
  }
}

export function ruleTag(value: string): string {
  return RULE_TAG_PREFIX + value;
}

export function isOwnRule(rule: { tag?: string }): boolean {
  return (
    typeof rule.tag === 'string' &&
    (rule.tag.startsWith(RULE_TAG_PREFIX) || rule.tag.startsWith(TRACKER_TAG_PREFIX))
  );
}

/** The trackers a rule's tag names, or null when it is no tracker's rule. */
export function trackersOfTag(tag: unknown): string[] | null {
  if (typeof tag !== 'string' || !tag.startsWith(TRACKER_TAG_PREFIX)) return null;
  return tag
    .slice(TRACKER_TAG_PREFIX.length)
    .split(',')
    .filter((name) => name.length > 0);
}

/**
 * The rules that carry the keywords and the trackers: one per distinct value (keywords first, in
 * order), tagged for the trackers whose rule it is, or as a keyword's rule when it serves none.
 */
export function wantedRules(keywords: readonly string[], trackers: readonly Tracker[] = []): WantedRule[] {
  const values = normalizeKeywords([...keywords, ...trackers.map((t) => t.rule)]);
  return values.map((value) => {
    const served = trackers.filter((t) => t.rule.trim() === value).map((t) => t.name);
    const tag = served.length > 0 ? TRACKER_TAG_PREFIX + served.join(',') : ruleTag(value);
    return { value, tag, trackers: served };
  });
}

/** Trims keywords, drops empty ones and repeats (first occurrence kept). */
export function normalizeKeywords(keywords: readonly string[]): string[] {
  const out: string[] = [];
  for (const k of keywords) {
    const v = k.trim();
    if (v.length > 0 && !out.includes(v)) out.push(v);
  }
  return out;
}

/** All rules of the app (X pages them by 1000). */
export async function fetchRules(client: RulesClient): Promise<StreamRule[]> {
  const rules: StreamRule[] = [];
  let token: string | undefined;
  for (let page = 0; page < 100; page++) {
    const res = await call(() =>
      client.v2.streamRules({ max_results: 1000, ...(token ? { pagination_token: token } : {}) }),
    );
    for (const r of res.data ?? []) rules.push(toRule(r));
    token = (res.meta as { next_token?: string } | undefined)?.next_token;
    if (!token) break;
  }
  return rules;
}

/**
 * Makes the app's rules that carry our tag prefixes equal to `keywords` and `trackers`' rules (see
 * {@link wantedRules}): deletes ours that are no longer wanted or carry another tag (by id,
 * including any duplicate of ours), adds wanted values no rule has yet, never touches rules without
 * our prefixes. New values are first checked with `dry_run`, so an invalid keyword or tracker rule
 * changes nothing. A value whose tag changes (a tracker renamed, a keyword becoming a tracker's
 * rule) is deleted and added again, since X's rules cannot be edited. X's refusals surface as
 * {@link RuleSyncError} with X's message; transport and HTTP errors as {@link XApiError}.
 */
export async function syncRules(
  client: RulesClient,
  keywords: readonly string[],
  trackers: readonly Tracker[] = [],
): Promise<RuleSyncResult> {
  const wanted = wantedRules(keywords, trackers);
  const tagOf = new Map(wanted.map((w) => [w.value, w.tag]));
  const current = await fetchRules(client);
  const foreign = current.filter((r) => !isOwnRule(r));
  const ours = current.filter(isOwnRule);

  const kept = new Map<string, StreamRule>();
  const deleted: StreamRule[] = [];
  for (const rule of ours) {
    if (tagOf.get(rule.value) === rule.tag && !kept.has(rule.value)) kept.set(rule.value, rule);
    else deleted.push(rule);
  }
  const foreignByValue = new Map(foreign.map((r) => [r.value, r]));
  const coveredByForeign = wanted
    .filter((w) => !kept.has(w.value) && foreignByValue.has(w.value))
    .map((w) => foreignByValue.get(w.value) as StreamRule);
  const toAdd = wanted.filter((w) => !kept.has(w.value) && !foreignByValue.has(w.value));
  const addBody = { add: toAdd.map(({ value, tag }) => ({ value, tag })) };
  // A value on X already (its tag changes) is known to be valid, and a dry run would call it a duplicate.
  const replaced = new Set(deleted.map((r) => r.value));
  const fresh = addBody.add.filter((r) => !replaced.has(r.value));

  if (fresh.length > 0) {
    // Validate first: an invalid keyword must not cost the rules already in place.
    const dry = await call(() => client.v2.updateStreamRules({ add: fresh }, { dry_run: true }));
    throwOnProblems(dry.errors, 'refused');
  }
  if (deleted.length > 0) {
    const res = await call(() => client.v2.updateStreamRules({ delete: { ids: deleted.map((r) => r.id) } }));
    throwOnProblems(res.errors, 'did not delete');
  }
  const added: StreamRule[] = [];
  if (toAdd.length > 0) {
    const res = await call(() => client.v2.updateStreamRules(addBody));
    for (const r of res.data ?? []) added.push(toRule(r));
    throwOnProblems(res.errors, 'refused');
  }
  const byValue = new Map([...kept, ...added.map((r) => [r.value, r] as const)]);
  const rules = wanted.flatMap((w) => {
    const r = byValue.get(w.value);
    return r ? [r] : [];
  });
  return { rules, added, deleted, foreign, coveredByForeign };
}

function toRule(r: StreamingV2Rule): StreamRule {
  return r.tag === undefined
    ? { id: String(r.id), value: r.value }
    : { id: String(r.id), value: r.value, tag: r.tag };
}

function describeProblems(problems: XProblem[]): string {
  return problems
    .map((p) => {
      const text = problemText(p) || 'rule error';
      return p.value === undefined ? text : `${JSON.stringify(p.value)}: ${text}`;
    })
    .join('; ');
}

function throwOnProblems(errors: unknown, verb: string, status?: number): void {
  if (!Array.isArray(errors) || errors.length === 0) return;
  const problems = errors.filter((e): e is XProblem => typeof e === 'object' && e !== null);
  throw new RuleSyncError(`X ${verb} stream rules: ${describeProblems(problems)}`, problems, status);
}

/** Runs a rules call, turning the library's errors into ours (which hold no request or token). */
async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    // X answers a request with invalid rules with 400 and the per-rule problems in `errors`.
    if (err instanceof ApiResponseError && err.code === 400) {
      const data = err.data as { errors?: unknown } | undefined;
      const errors = data?.errors;
      if (Array.isArray(errors) && errors.some((e) => typeof e === 'object' && e !== null && 'value' in e)) {
        throwOnProblems(errors, 'refused', 400);
      }
    }
    throw new XApiError(describeXFailure(err));
  }
}
