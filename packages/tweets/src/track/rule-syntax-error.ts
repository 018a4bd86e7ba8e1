/**
 * A track rule that cannot be parsed. `position` and `length` locate the bad
 * span in the rule string (UTF-16 indices, as `String.prototype.slice` uses),
 * so a UI can underline it and a CLI can draw carets with `formatRuleError`.
 */
export class RuleSyntaxError extends Error {
  override readonly name = 'RuleSyntaxError';
  /** 0-based index of the first character of the bad span; may equal the rule's length (error at the end). */
  readonly position: number;
  /** Length of the bad span; 0 when the problem is a missing piece at `position`. */
  readonly length: number;
  /** The problem alone, without the track-entry prefix `message` carries when `index` is set. */
  readonly reason: string;
  /** Which entry of a track list was bad, when the rule came from one. */
  readonly index: number | undefined;

  constructor(reason: string, position: number, length: number, index?: number) {
    super(index === undefined ? reason : `track entry ${index}: ${reason}`);
    this.reason = reason;
    this.position = position;
    this.length = length;
    this.index = index;
  }

  /** The same error, attributed to entry `index` of a track list. */
  atIndex(index: number): RuleSyntaxError {
    return new RuleSyntaxError(this.reason, this.position, this.length, index);
  }
}
