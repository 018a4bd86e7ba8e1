/** FNV-1a over a string's UTF-16 code units, then a final mix so that the low bits (a table cell) spread well. */
export function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return finishHash(h);
}

/** One code unit into a running FNV-1a hash (start from FNV_START). */
export const FNV_START = 0x811c9dc5;
export const fnvStep = (h: number, unit: number): number => Math.imul(h ^ unit, 0x01000193);

/** The final mix of `hashOf`. */
export function finishHash(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h;
}
