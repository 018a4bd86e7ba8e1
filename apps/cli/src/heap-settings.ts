import v8 from 'node:v8';

/**
 * V8's settings for a process that counts and serves (`serve`, `demo`, and so `npm start`), set
 * before the server starts. Allocation-site pretenuring is off: V8 marks the places in the code
 * whose objects were all alive at a young-generation collection and allocates their objects in
 * the old generation from then on, which only a full collection empties. Under a flood the
 * counter builds such short-lived structures result after result (the window's tags for rising
 * tags, a batch's pairs for a checkpoint, all alive while they are built) and the flooded server's
 * heap reached 160 to 190 MiB between full collections, against 119 to 127 MiB without (RSS 375
 * to 377 MiB against 341 to 352, in the same session; docs/performance.md). Its long-lived data
 * is in typed arrays, outside the collected heap, so there is little for pretenuring to speed up.
 * The flag is read at each collection, so setting it at run time takes effect from there on.
 */
export function useServerHeapSettings(): void {
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
}
