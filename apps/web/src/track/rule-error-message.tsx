import type { RuleSyntaxError } from '../api/api-error.ts';
import { splitAtRuleError } from './rule-error.ts';

interface RuleErrorMessageProps {
  id: string;
  /** The keyword the error is about. */
  keyword: string;
  rule: RuleSyntaxError;
}

/** A rule syntax error under the box: the keyword with the bad part marked and a caret under it. */
export function RuleErrorMessage({ id, keyword, rule }: RuleErrorMessageProps) {
  const { before, marked, after } = splitAtRuleError(keyword, rule.position, rule.length);
  return (
    <div role="alert" id={id} className="rule-error">
      <p className="field-error">
        {rule.message} (at character {rule.position + 1})
      </p>
      {/* dir="ltr": rule syntax reads left to right, and the caret must sit under the offset it names. */}
      <pre className="rule-error-source" dir="ltr" aria-hidden="true">
        {before}
        <mark>{marked || ' '}</mark>
        {after}
        {'\n'}
        {' '.repeat(before.length)}
        {'^'.repeat(Math.max(1, marked.length))}
      </pre>
    </div>
  );
}
