/**
 * The listeners of one kind of news from the pipeline (results, source changes, a new
 * stream). Each is called in turn; one that throws is reported and the others still hear,
 * because a broken dashboard connection must not stop the counting or the rest.
 */
export class Listeners<A extends unknown[]> {
  private readonly fns = new Set<(...args: A) => void>();

  constructor(private readonly failed: (err: unknown) => void) {}

  /** Adds a listener; returns what removes it. */
  add(fn: (...args: A) => void): () => void {
    this.fns.add(fn);
    return () => void this.fns.delete(fn);
  }

  emit(...args: A): void {
    for (const fn of this.fns) {
      try {
        fn(...args);
      } catch (err) {
        this.failed(err);
      }
    }
  }
}
