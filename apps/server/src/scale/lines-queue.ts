/** An entry of the lines stream waiting to be fed to the emitter's session. */
export interface Queued {
  id: string;
  /** Its line's offset in the ingestor's log (absent in entries without one). */
  offset?: number;
  /** Lines missing between the entry before it and this one: trimmed before we read them. */
  gap: number;
}

/**
 * An entry read from the lines stream (`fields` as XRANGE gives them), placed against the log
 * offset `expected` after the entry before it: a larger offset means the lines between left the
 * stream unread. An offset below the one expected, or the first entry from a new log (field `g`),
 * starts a run of its own: no gap.
 */
export function queuedEntry(id: string, fields: string[], expected: number | undefined): Queued {
  let offset: number | undefined;
  let newLog = false;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'o') offset = Number(fields[i + 1]);
    else if (fields[i] === 'g') newLog = true;
  }
  if (offset === undefined) return { id, gap: 0 };
  const gap = expected !== undefined && !newLog && offset > expected ? offset - expected : 0;
  return { id, offset, gap };
}

/** Whether stream entry id `a` ("ms-seq") comes before `b`. */
export function idBefore(a: string, b: string): boolean {
  const [ams, aseq] = a.split('-').map(Number) as [number, number];
  const [bms, bseq] = b.split('-').map(Number) as [number, number];
  return ams < bms || (ams === bms && aseq < bseq);
}
