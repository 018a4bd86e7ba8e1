import type { Tracker } from '@tagstream/protocol';
import type { TweetV2SingleStreamResult } from 'twitter-api-v2';
import type { Logger } from 'pino';
import {
  isOwnRule,
  normalizeKeywords,
  syncRules,
  trackersOfTag,
  wantedRules,
  type RulesClient,
  type RuleSyncResult,
  type StreamRule,
} from './rules-sync.ts';

export interface OwnRulesOptions {
  client: RulesClient;
  log: Logger;
  keywords: string[];
  trackers?: Tracker[];
  /** The stream rules now carrying our keywords and trackers, after each sync. */
  onRules: (rules: StreamRule[]) => void;
}

/** What the stream rules carry: the track keywords and the trackers' rules. */
export interface WantedSet {
  keywords: string[];
  trackers: Tracker[];
}

/**
 * The keywords and trackers we follow, as X stream rules: synced one request chain at a time (a
 * newer set waits for the sync in flight), and the judge of which stream lines are ours and which
 * trackers each belongs to.
 */
export class OwnRules {
  private wantedSet: WantedSet;
  private synced = false;
  /** Foreign rules whose value is one we want (their tweets are ours too), by id: the trackers each serves. */
  private coveringForeign = new Map<string, string[]>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: OwnRulesOptions) {
    this.wantedSet = { keywords: normalizeKeywords(o.keywords), trackers: [...(o.trackers ?? [])] };
  }

  /** Whether X's rules match the keywords and trackers wanted now. */
  get inSync(): boolean {
    return this.synced;
  }

  /** The keywords wanted now. */
  get wanted(): string[] {
    return this.wantedSet.keywords;
  }

  /** Wants these keywords and trackers from now on (synced by the next `sync`); returns what was wanted before. */
  want(change: Partial<WantedSet>): WantedSet {
    const previous = this.wantedSet;
    this.wantedSet = {
      keywords: change.keywords === undefined ? previous.keywords : normalizeKeywords(change.keywords),
      trackers: change.trackers === undefined ? previous.trackers : [...change.trackers],
    };
    this.synced = false;
    return previous;
  }

  /** Makes X's rules match what is wanted, after any sync in flight. Rejects with the failure. */
  sync(): Promise<void> {
    const run = async (): Promise<void> => {
      const wanted = this.wantedSet;
      const result = await syncRules(this.o.client, wanted.keywords, wanted.trackers);
      this.apply(result, wanted);
      if (this.wantedSet === wanted) this.synced = true;
    };
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Resolves when no sync is in flight (never rejects). */
  settled(): Promise<unknown> {
    return this.chain;
  }

  /** A line matched by one of our rules, or by a foreign rule that has one of our values. */
  isOurs(payload: TweetV2SingleStreamResult): boolean {
    const matching = matchingRules(payload);
    if (matching === null) return true;
    return matching.some(
      (m) =>
        (typeof m.tag === 'string' && isOwnRule({ tag: m.tag })) || this.coveringForeign.has(String(m.id)),
    );
  }

  /**
   * The trackers X matched the line for, from its `matching_rules` (each tracker's rule is tagged
   * with its name): undefined while no tracker is followed, or when X gave no matching rules (the
   * reader then evaluates the trackers' rules itself).
   */
  trackersOf(payload: TweetV2SingleStreamResult): string[] | undefined {
    if (this.wantedSet.trackers.length === 0) return undefined;
    const matching = matchingRules(payload);
    if (matching === null) return undefined;
    const names = new Set<string>();
    for (const m of matching) {
      const served = trackersOfTag(m.tag) ?? this.coveringForeign.get(String(m.id)) ?? [];
      for (const name of served) names.add(name);
    }
    return [...names];
  }

  private apply(result: RuleSyncResult, wanted: WantedSet): void {
    const servedBy = new Map(wantedRules(wanted.keywords, wanted.trackers).map((w) => [w.value, w.trackers]));
    this.coveringForeign = new Map(result.coveredByForeign.map((r) => [r.id, servedBy.get(r.value) ?? []]));
    const rules = [...result.rules, ...result.coveredByForeign];
    if (result.added.length > 0 || result.deleted.length > 0) {
      this.o.log.info(
        { added: result.added.map((r) => r.value), deleted: result.deleted.map((r) => r.value) },
        'stream rules updated',
      );
    }
    if (result.coveredByForeign.length > 0) {
      this.o.log.info(
        { values: result.coveredByForeign.map((r) => r.value) },
        'keywords already covered by rules that are not ours; left as they are',
      );
    }
    this.o.onRules(rules);
  }
}

/** The line's `matching_rules`, or null when X sent none. */
function matchingRules(payload: TweetV2SingleStreamResult): { id?: unknown; tag?: unknown }[] | null {
  const matching = (payload as { matching_rules?: unknown }).matching_rules;
  return Array.isArray(matching) ? (matching as { id?: unknown; tag?: unknown }[]) : null;
}
