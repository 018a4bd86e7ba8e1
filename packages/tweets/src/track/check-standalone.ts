import type { RuleNode } from './ast.ts';
import { RuleSyntaxError } from './rule-syntax-error.ts';

const NEEDS = 'add a keyword, "phrase", #hashtag, @mention, $cashtag or from:user';

/**
 * X rejects rules that would match a huge share of all tweets: a rule made
 * only of negations (`-is:retweet`), or only of "conjunction-required"
 * operators (`lang:`, `is:`, `has:`). Every OR alternative must therefore
 * contain a non-negated standalone term. Enforcing the same here keeps a
 * track list valid for replay exactly when it is valid for the live stream.
 *
 * @throws {RuleSyntaxError} on the first alternative without one.
 */
export function checkStandalone(node: RuleNode, rule: string): void {
  if (anchored(node)) return;
  const bad = firstUnanchored(node);
  const filter = firstPositiveFilter(bad);
  const message =
    filter === undefined
      ? `a rule cannot be only negated terms: ${NEEDS}`
      : `'${rule.slice(filter.position, filter.position + filter.length)}' cannot be used alone: ${NEEDS}`;
  throw new RuleSyntaxError(message, bad.position, bad.length);
}

/** True when every way of matching `node` requires a non-negated standalone term. */
function anchored(node: RuleNode): boolean {
  switch (node.type) {
    case 'or':
      return node.children.every(anchored);
    case 'and':
      return node.children.some(anchored);
    case 'not':
    case 'lang':
    case 'is':
    case 'has':
      return false;
    default:
      return true;
  }
}

/** Narrows an unanchored node to its first unanchored OR alternative, the span to blame. */
function firstUnanchored(node: RuleNode): RuleNode {
  if (node.type !== 'or') return node;
  const child = node.children.find((c) => !anchored(c));
  return child === undefined ? node : firstUnanchored(child);
}

/** The first non-negated conjunction-required term, to name it in the message. */
function firstPositiveFilter(node: RuleNode): RuleNode | undefined {
  switch (node.type) {
    case 'or':
    case 'and':
      for (const child of node.children) {
        const found = firstPositiveFilter(child);
        if (found) return found;
      }
      return undefined;
    case 'lang':
    case 'is':
    case 'has':
      return node;
    default:
      return undefined;
  }
}
