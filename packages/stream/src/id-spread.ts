/**
 * The home cell of a dictionary id in an open-addressing table: ids are small and dense, so a
 * multiplicative hash spreads neighbours over the table (`BatchCounts`, `WindowCounts`).
 */
export function spreadId(id: number): number {
  const h = Math.imul(id, 0x9e3779b1);
  return h ^ (h >>> 15);
}
