/**
 * Whose tag the related-tags peek shows. The pointer and the keyboard each may name a tag at once
 * (a row keeps focus while the mouse rests on the chart), so they are kept apart: the one that named
 * a tag last is shown, and when it lets go the other shows again. One shared slot made a pointer
 * leaving the chart (rows moving away under it is enough) blank the peek of a focused row.
 */
export interface PeekSources {
  pointed: string | null;
  focused: string | null;
  latest: 'pointer' | 'focus';
}

export const NO_PEEK: PeekSources = { pointed: null, focused: null, latest: 'pointer' };

export function pointAt(sources: PeekSources, tag: string | null): PeekSources {
  if (sources.pointed === tag) return sources;
  return { ...sources, pointed: tag, latest: tag === null ? sources.latest : 'pointer' };
}

export function focusOn(sources: PeekSources, tag: string | null): PeekSources {
  if (sources.focused === tag) return sources;
  return { ...sources, focused: tag, latest: tag === null ? sources.latest : 'focus' };
}

export function peekedTag({ pointed, focused, latest }: PeekSources): string | null {
  return latest === 'pointer' ? (pointed ?? focused) : (focused ?? pointed);
}
