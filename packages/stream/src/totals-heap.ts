/**
 * The running totals' min-heap of slots (Space-Saving evicts its root), in the order the totals
 * rank entries: count, then key by code point (the lowest-ranked entry first; keys are distinct,
 * so the root is the same whatever the heap's shape).
 *
 * Built before the totals reach their cap, a few nodes at a time (`step`), rather than all at
 * once when the first key past it comes: heapifying a million entries held a flooded server's
 * event loop for a tenth of a second. The build (Floyd's, bottom-up) runs on the counts as they
 * were when it began (`frozen`); meanwhile counts only grow and slots are only added, so once
 * it is done the heap is repaired by sifting down each grown slot, deepest first, and pushing
 * each added one (`finish`).
 */
export class TotalsHeap {
  /** Heap position by slot (valid once built). */
  private index = new Int32Array(0);
  private heap = new Int32Array(0);
  /** Slots in the heap; while building, the slots the build began with. */
  private size = 0;
  private state: 'none' | 'building' | 'ready' = 'none';
  /** While building: counts of the slots the build began with, as they were then. */
  private frozen: Float64Array | null = null;
  /** While building: the next node to sift down (from size/2 − 1 down to 0). */
  private cursor = -1;
  /** While building: slots below `size` whose count grew since it began (each once, by `grownMark`). */
  private grown: number[] = [];
  private grownMark = new Uint8Array(0);

  constructor(
    private readonly count: (slot: number) => number,
    /** Whether slot `a`'s key comes before slot `b`'s by code point. */
    private readonly keyBefore: (a: number, b: number) => boolean,
  ) {}

  get ready(): boolean {
    return this.state === 'ready';
  }

  get building(): boolean {
    return this.state === 'building';
  }

  /** Room for slots below `capacity`. */
  reserve(capacity: number): void {
    if (capacity <= this.index.length) return;
    const index = new Int32Array(capacity);
    index.set(this.index);
    this.index = index;
    const heap = new Int32Array(capacity);
    heap.set(this.heap);
    this.heap = heap;
  }

  /** Starts building over slots [0, n). */
  begin(n: number): void {
    this.state = 'building';
    this.size = n;
    this.frozen = new Float64Array(n);
    for (let s = 0; s < n; s++) {
      this.frozen[s] = this.count(s);
      this.heap[s] = s;
      this.index[s] = s;
    }
    this.cursor = (n >> 1) - 1;
    this.grown = [];
    this.grownMark = new Uint8Array((n + 7) >> 3);
  }

  /** Sifts down the next `nodes` nodes of the build; `n` slots exist now. Finishes it when done. */
  step(nodes: number, n: number): void {
    const end = Math.max(-1, this.cursor - nodes);
    for (; this.cursor > end; this.cursor--) this.siftDown(this.cursor, true);
    if (this.cursor < 0) this.finish(n);
  }

  /** Completes the build at once (the heap is needed now); `n` slots exist. */
  finish(n: number): void {
    while (this.cursor >= 0) this.siftDown(this.cursor--, true);
    this.frozen = null;
    this.state = 'ready';
    // Deepest first: each one's subtrees are heaps again by the time it is sifted.
    const grown = this.grown.map((s) => this.index[s]!).sort((a, b) => b - a);
    for (const at of grown) this.siftDown(at, false);
    this.grown = [];
    for (let s = this.size; s < n; s++) this.push(s);
  }

  /** Slot `slot`'s count grew. */
  grew(slot: number): void {
    if (this.state === 'ready') this.siftDown(this.index[slot]!, false);
    else if (this.state === 'building' && slot < this.size) {
      const bit = 1 << (slot & 7);
      if ((this.grownMark[slot >> 3]! & bit) !== 0) return;
      this.grownMark[slot >> 3]! |= bit;
      this.grown.push(slot);
    }
  }

  /** Slot `slot`, the newest, was added (while building, `finish` pushes it). */
  added(slot: number): void {
    if (this.state === 'ready') this.push(slot);
  }

  /** Gives up a build (a count went down, which its repair does not handle): begun again later. */
  abandon(): void {
    if (this.state !== 'building') return;
    this.state = 'none';
    this.frozen = null;
    this.grown = [];
  }

  /** The lowest-ranked slot (ready only). */
  min(): number {
    return this.heap[0]!;
  }

  /** The root's slot now holds another key with a larger count: back into place. */
  rootReplaced(): void {
    this.siftDown(0, false);
  }

  private push(slot: number): void {
    let i = this.size++;
    this.heap[i] = slot;
    this.index[slot] = i;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.lessThan(this.heap[i]!, this.heap[parent]!, false)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number, frozen: boolean): void {
    const heap = this.heap;
    const size = this.size;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < size && this.lessThan(heap[l]!, heap[smallest]!, frozen)) smallest = l;
      if (r < size && this.lessThan(heap[r]!, heap[smallest]!, frozen)) smallest = r;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(i: number, j: number): void {
    const heap = this.heap;
    const a = heap[i]!;
    const b = heap[j]!;
    heap[i] = b;
    heap[j] = a;
    this.index[a] = j;
    this.index[b] = i;
  }

  /** Whether slot `a` ranks below slot `b` (count, then key by code point), on the frozen counts while building. */
  private lessThan(a: number, b: number, frozen: boolean): boolean {
    const x = frozen ? this.frozen![a]! : this.count(a);
    const y = frozen ? this.frozen![b]! : this.count(b);
    return x !== y ? x < y : this.keyBefore(b, a);
  }
}
