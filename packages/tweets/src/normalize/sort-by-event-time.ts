/**
 * Orders items by event time, stably (DESIGN §4: recorded files are replayed
 * in event-time order, equal times keep their file order, because search
 * tools write newest first).
 *
 * Items without a time (plain-text lines, tweets with neither `created_at`
 * nor a Snowflake id) sort as if they had the time of the nearest timed item
 * before them in the input, so they stay next to the tweets they were
 * recorded with; those before any timed item stay at the front. Returns a
 * new array; the input is not changed.
 */
export function sortByEventTime<T extends { readonly time: number | null }>(items: readonly T[]): T[] {
  const keys = new Float64Array(items.length);
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < items.length; i++) {
    const time = items[i]?.time ?? null;
    if (time !== null && !Number.isNaN(time)) previous = time;
    keys[i] = previous;
  }
  const order = Array.from(items.keys());
  // The index tie-break makes the order stable whatever the engine's sort does;
  // -Infinity minus -Infinity is NaN, which `||` also sends to the tie-break.
  order.sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || a - b);
  return order.map((i) => items[i] as T);
}
