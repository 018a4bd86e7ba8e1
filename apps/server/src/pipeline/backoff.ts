/**
 * Reconnect delays for the core's TCP client: quick at first (a restarting
 * ingestor is back within a second), then doubling to a ceiling, with jitter so
 * many servers do not reconnect in lockstep.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(100 * 2 ** attempt, 5_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}
