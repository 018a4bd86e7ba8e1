import type { StreamRule } from '@tagstream/protocol';
import type { StreamingV2Rule, TwitterApiReadOnly } from 'twitter-api-v2';
import { ApiResponseError } from 'twitter-api-v2';
import { describeXFailure, problemText, XApiError, type XProblem } from './x-client.ts';

/** Every rule the ingestor creates carries a tag `tagstream:<value>`; rules without it are not ours. */
export const RULE_TAG_PREFIX = 'tagstream:';

/** One filtered-stream rule on X, as the control API reports it (the contract is in @tagstream/protocol). */
export type { StreamRule };

export interface RuleSyncResult {
  /** Our rules on X after the sync, one per wanted keyword (minus those a foreign rule covers). */
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
  return typeof rule.tag === 'string' && rule.tag.startsWith(RULE_TAG_PREFIX);
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
 * Makes the app's rules that carry our tag prefix equal to `keywords`: deletes ours that are no longer
 * wanted (by id, including any duplicate of ours), adds wanted values no rule has yet, never touches
 * rules without our prefix. New rules are first checked with `dry_run`, so an invalid keyword changes
 * nothing. X's refusals surface as {@link RuleSyncError} with X's message; transport and HTTP errors
 * as {@link XApiError}.
 */
export async function syncRules(client: RulesClient, keywords: readonly string[]): Promise<RuleSyncResult> {
  const wanted = normalizeKeywords(keywords);
  const current = await fetchRules(client);
  const foreign = current.filter((r) => !isOwnRule(r));
  const ours = current.filter(isOwnRule);

  const kept = new Map<string, StreamRule>();
  const deleted: StreamRule[] = [];
  for (const rule of ours) {
    if (wanted.includes(rule.value) && !kept.has(rule.value)) kept.set(rule.value, rule);
    else deleted.push(rule);
  }
  const foreignByValue = new Map(foreign.map((r) => [r.value, r]));
  const coveredByForeign = wanted
    .filter((v) => !kept.has(v) && foreignByValue.has(v))
    .map((v) => foreignByValue.get(v) as StreamRule);
  const toAdd = wanted.filter((v) => !kept.has(v) && !foreignByValue.has(v));
  const addBody = { add: toAdd.map((value) => ({ value, tag: ruleTag(value) })) };

  if (toAdd.length > 0) {
    // Validate first: an invalid keyword must not cost the rules already in place.
    const dry = await call(() => client.v2.updateStreamRules(addBody, { dry_run: true }));
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
  const rules = wanted.flatMap((v) => {
    const r = byValue.get(v);
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
