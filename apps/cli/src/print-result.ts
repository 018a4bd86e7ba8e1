import type { BatchResult } from '@tagstream/protocol';

/**
 * A readable table of one result, like Spark's `DStream.pprint()`: a rule, the
 * time, then one line per tag (and, with `--related`, a line of the tags most
 * often in the same tweets under it). Display forms may be any script or width,
 * so counts go first where they always line up.
 */
export function formatResultTable(r: BatchResult): string {
  const rule = '-'.repeat(60);
  const lines = [
    rule,
    `Time: ${stamp(r.window.end)}   window ${stamp(r.window.start)} – ${stamp(r.window.end)} UTC`,
    rule,
  ];
  if (r.top.length === 0) lines.push('  (no hashtags in this window)');
  const width = Math.max(5, ...r.top.map((t) => String(t.count).length));
  for (const t of r.top) {
    lines.push(
      `${String(t.rank).padStart(3)}. ${String(t.count).padStart(width)}  ${t.display}  ${change(t.rank, t.prevRank)}`.trimEnd(),
    );
    if (t.related !== undefined && t.related.length > 0) {
      const companions = t.related.map((x) => `#${x.tag} ${x.count}`).join(' · ');
      lines.push(`${' '.repeat(width + 7)}with ${companions}`);
    }
  }
  const s = r.stats;
  const pairs = s.relatedOverflow ? ` · pairs over the cap ${s.relatedOverflow}` : '';
  lines.push(
    `  tweets ${s.tweets} · with tags ${s.tweetsWithTags} · distinct tags ${s.distinctTags} · late ${s.late} · duplicates ${s.duplicates} · malformed ${s.malformed}${pairs}`,
  );
  return lines.join('\n') + '\n';
}

function stamp(iso: string): string {
  return iso.replace('T', ' ').replace(/\.000Z$|Z$/, '');
}

function change(rank: number, prev: number | null): string {
  if (prev === null) return 'new';
  if (prev > rank) return `▲${prev - rank}`;
  if (prev < rank) return `▼${rank - prev}`;
  return '';
}
