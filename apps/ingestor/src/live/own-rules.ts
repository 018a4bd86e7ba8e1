import type { TweetV2SingleStreamResult } from 'twitter-api-v2';
import type { Logger } from 'pino';
import {
  isOwnRule,
  normalizeKeywords,
  syncRules,
  type RulesClient,
  type RuleSyncResult,
  type StreamRule,
} from './rules-sync.ts';

export interface OwnRulesOptions {
  client: RulesClient;
  log: Logger;
  keywords: string[];
  /** The stream rules now carrying our keywords, after each sync. */
  onRules: (rules: StreamRule[]) => void;
}

/**
 * The keywords we track, as X stream rules: synced one request chain at a time (a newer set of
 * keywords waits for the sync in flight), and the judge of which stream lines are ours.
 */
export class OwnRules {
  private keywords: string[];
  private synced = false;
  /** Ids of foreign rules whose value is one of our keywords (their tweets are ours too). */
  private coveringForeignIds = new Set<string>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: OwnRulesOptions) {
    this.keywords = normalizeKeywords(o.keywords);
  }

  /** Whether X's rules match the keywords wanted now. */
  get inSync(): boolean {
    return this.synced;
  }

  /** The keywords wanted now. */
  get wanted(): string[] {
    return this.keywords;
  }

  /** Wants these keywords from now on (synced by the next `sync`); returns the ones wanted before. */
  want(keywords: string[]): string[] {
    const previous = this.keywords;
    this.keywords = normalizeKeywords(keywords);
    this.synced = false;
    return previous;
  }

  /** Makes X's rules match the keywords wanted, after any sync in flight. Rejects with the failure. */
  sync(): Promise<void> {
    const run = async (): Promise<void> => {
      const wanted = this.keywords;
      const result = await syncRules(this.o.client, wanted);
      this.apply(result);
      if (this.keywords === wanted) this.synced = true;
    };
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Resolves when no sync is in flight (never rejects). */
  settled(): Promise<unknown> {
    return this.chain;
  }

  /** A line matched by one of our rules, or by a foreign rule that has one of our keywords. */
  isOurs(payload: TweetV2SingleStreamResult): boolean {
    const matching = (payload as { matching_rules?: unknown }).matching_rules;
    if (!Array.isArray(matching)) return true;
    return matching.some(
      (m: { id?: unknown; tag?: unknown }) =>
        (typeof m.tag === 'string' && isOwnRule({ tag: m.tag })) || this.coveringForeignIds.has(String(m.id)),
    );
  }

  private apply(result: RuleSyncResult): void {
    this.coveringForeignIds = new Set(result.coveredByForeign.map((r) => r.id));
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
