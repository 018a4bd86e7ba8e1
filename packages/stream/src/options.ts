/** How the core counts. Durations are milliseconds; see DESIGN.md §4 for the meaning of each. */
export interface CounterOptions {
  /** B: the batch interval. */
  batchMs: number;
  /** W: the window length, a multiple of B. */
  windowMs: number;
  /** S: how often results are emitted, a multiple of B. */
  slideMs: number;
  /** K: entries in each top list. */
  topK: number;
  /** Allowed lateness when the watermark is derived from event times. */
  latenessMs: number;
  /** Count retweets (true by default, as the PySpark original did). */
  retweets: boolean;
  /** How long (in event time) closed batches stay in memory for history and live setting changes; at least W. */
  retentionMs: number;
  /** How long (in event time) a tweet id is remembered to drop re-deliveries. */
  dedupHorizonMs: number;
  /** Most distinct ids remembered at once; older ones are forgotten first (counted). */
  maxIds: number;
  /** Most distinct keys in one batch; new keys past it are dropped and counted as overflow. */
  maxKeysPerBatch: number;
  /** Distinct keys kept exactly in the running totals; past it they become approximate (Space-Saving). */
  maxTotalKeys: number;
  /**
   * Hashtag surface forms remembered by their bytes (`TagForms`); past it they are all
   * forgotten and looked up afresh, so a flood of unique tags costs bounded memory.
   */
  maxTagForms: number;
  /** Related tags listed with each top entry (DESIGN.md §5); 0: none, and no pair is counted. */
  related: number;
  /** Most distinct key pairs counted in one batch for related tags; new pairs past it are dropped and counted. */
  maxPairsPerBatch: number;
  /** Keep, per batch and key, the authors and languages of its tweets (the drill-down's "who"). */
  tagProfiles: boolean;
  /** Most (key, author, language) entries in one batch; a tweet past it is not recorded for that key (counted as unrecorded). */
  maxProfileEntriesPerBatch: number;
}

/** The options a live counter can change (`WindowedCounter.reconfigure`): all but the batch interval and the caps. */
export const LIVE_OPTIONS = ['windowMs', 'slideMs', 'topK', 'retweets', 'retentionMs', 'related'] as const;
export type LiveOption = (typeof LIVE_OPTIONS)[number];

export const DEFAULT_COUNTER_OPTIONS: CounterOptions = {
  batchMs: 10_000,
  windowMs: 20_000,
  slideMs: 10_000,
  topK: 10,
  latenessMs: 5_000,
  retweets: true,
  retentionMs: 10 * 60_000,
  dedupHorizonMs: 10 * 60_000,
  maxIds: 2_000_000,
  maxKeysPerBatch: 200_000,
  maxTotalKeys: 1_000_000,
  maxTagForms: 100_000,
  related: 0,
  maxPairsPerBatch: 200_000,
  tagProfiles: false,
  maxProfileEntriesPerBatch: 200_000,
};

/** Thrown for option combinations the windowing cannot honour; the message names the option. */
export class CounterOptionsError extends Error {
  override name = 'CounterOptionsError';
}

/** Fills defaults and checks the multiples DESIGN.md §4 requires. */
export function resolveOptions(partial: Partial<CounterOptions> = {}): CounterOptions {
  const o: CounterOptions = { ...DEFAULT_COUNTER_OPTIONS, ...stripUndefined(partial) };
  const positive: (keyof CounterOptions)[] = [
    'batchMs',
    'windowMs',
    'slideMs',
    'topK',
    'maxIds',
    'maxKeysPerBatch',
    'maxTotalKeys',
    'maxTagForms',
    'maxPairsPerBatch',
    'maxProfileEntriesPerBatch',
  ];
  for (const key of positive) {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      throw new CounterOptionsError(`${key} must be a positive integer, got ${String(v)}`);
    }
  }
  if (!Number.isInteger(o.related) || o.related < 0)
    throw new CounterOptionsError(`related must be zero or a positive integer, got ${String(o.related)}`);
  if (!Number.isFinite(o.latenessMs) || o.latenessMs < 0)
    throw new CounterOptionsError('lateness must be zero or more');
  if (o.windowMs % o.batchMs !== 0) {
    throw new CounterOptionsError(
      `window (${o.windowMs} ms) must be a multiple of the batch interval (${o.batchMs} ms)`,
    );
  }
  if (o.slideMs % o.batchMs !== 0) {
    throw new CounterOptionsError(
      `slide (${o.slideMs} ms) must be a multiple of the batch interval (${o.batchMs} ms)`,
    );
  }
  o.retentionMs = Math.max(o.retentionMs, o.windowMs);
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
