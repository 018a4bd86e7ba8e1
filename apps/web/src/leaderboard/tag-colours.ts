/**
 * Bar colours. Each has a contrast of at least 3:1 (WCAG's figure for graphics) against both the
 * light and the dark page background, so one palette serves both themes (checked in the test).
 */
export const TAG_PALETTE: readonly string[] = [
  '#2563eb', // blue
  '#d97706', // amber
  '#16a34a', // green
  '#dc2626', // red
  '#9333ea', // purple
  '#0d9488', // teal
  '#db2777', // pink
  '#a16207', // ochre
  '#0891b2', // cyan
  '#65a30d', // lime
  '#64748b', // slate
  '#c026d3', // magenta
];

/** FNV-1a over UTF-16 code units: cheap, and the same in every browser, so a tag prefers the same colour everywhere. */
export function hashTag(tag: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < tag.length; i++) {
    hash ^= tag.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A tag's own palette slot, used whenever it is free. */
export function preferredColourIndex(tag: string, paletteSize = TAG_PALETTE.length): number {
  return hashTag(tag) % paletteSize;
}

/**
 * Palette slots for the tags on screen. A pure hash would give two of ten tags the same colour most of the
 * time (birthday odds with 12 colours), so: a tag keeps the slot it had while it stays on screen; a newcomer
 * takes its hashed slot when free, else the next free one. With more tags than colours, slots are shared.
 * Keys are user data (`__proto__` is a valid hashtag), hence a Map.
 */
export function assignTagColours(
  previous: ReadonlyMap<string, number>,
  tags: readonly string[],
  paletteSize = TAG_PALETTE.length,
): Map<string, number> {
  const next = new Map<string, number>();
  const taken = new Set<number>();
  for (const tag of tags) {
    const kept = previous.get(tag);
    if (kept !== undefined && kept < paletteSize && !taken.has(kept)) {
      next.set(tag, kept);
      taken.add(kept);
    }
  }
  for (const tag of tags) {
    if (next.has(tag)) continue;
    const preferred = preferredColourIndex(tag, paletteSize);
    let slot = preferred;
    for (let step = 0; step < paletteSize && taken.has(slot); step++)
      slot = (preferred + step + 1) % paletteSize;
    if (taken.has(slot)) slot = preferred;
    next.set(tag, slot);
    taken.add(slot);
  }
  return next;
}

/** The colour of a tag: its assigned slot when it is on screen, its hashed slot otherwise. */
export function tagColour(tag: string, assignment: ReadonlyMap<string, number>): string {
  const index = assignment.get(tag) ?? preferredColourIndex(tag);
  return TAG_PALETTE[index] ?? TAG_PALETTE[0]!;
}
