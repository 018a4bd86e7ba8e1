/** Types of precompress-web.mjs, for the tests that import it. */
export declare function precompress(
  dir: string,
): Promise<Array<{ file: string; bytes: number; br: number; gz: number }>>;
