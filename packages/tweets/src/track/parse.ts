import type { RuleNode } from './ast.ts';
import { checkStandalone } from './check-standalone.ts';
import { lex, type Lexeme } from './lex.ts';
import { RuleSyntaxError } from './rule-syntax-error.ts';
import { parsePhrase, parseWord } from './term.ts';

/** X's rule length limit for most access levels, in characters (code points, as the REST schema counts). */
export const MAX_RULE_LENGTH = 512;
/** Parenthesis nesting limit: far beyond any real rule, and it keeps the recursive descent shallow. */
export const MAX_DEPTH = 32;

/**
 * Parses one track rule into its syntax tree.
 *
 * Grammar (AND binds tighter than OR, as on X):
 * ```
 * rule    = or
 * or      = and { "OR" and }
 * and     = unary { unary }          (juxtaposition)
 * unary   = "-" primary | primary    ("-" touching its operand)
 * primary = word | phrase | "(" or ")"
 * ```
 * Then, as X does, every alternative must contain a non-negated standalone
 * term (see `check-standalone.ts`).
 *
 * @throws {RuleSyntaxError} locating the first problem found.
 */
export function parseRule(rule: string): RuleNode {
  checkLength(rule);
  if (rule.trim() === '') throw new RuleSyntaxError('empty rule', 0, rule.length);
  const parser = new Parser(lex(rule));
  const node = parser.parseTop();
  checkStandalone(node, rule);
  return node;
}

function checkLength(rule: string): void {
  // Cheap exit first: UTF-16 length is never less than the code point count.
  if (rule.length <= MAX_RULE_LENGTH) return;
  let count = 0;
  for (let i = 0; i < rule.length; i++) {
    const cp = rule.codePointAt(i) ?? 0;
    if (cp > 0xffff) i++;
    if (++count > MAX_RULE_LENGTH) {
      const position = cp > 0xffff ? i - 1 : i;
      throw new RuleSyntaxError(
        `rule longer than ${MAX_RULE_LENGTH} characters`,
        position,
        rule.length - position,
      );
    }
  }
}

const OR_SIDES = 'OR needs a term on both sides';

class Parser {
  /** One lexeme of lookahead; `null` once the rule is exhausted. */
  private ahead: Lexeme | null | undefined;
  /** End (exclusive) of the last consumed lexeme, to give nodes their span. */
  private end = 0;

  constructor(private readonly lexemes: Iterator<Lexeme, void, undefined>) {}

  parseTop(): RuleNode {
    const node = this.parseOr(0);
    const stray = this.peek();
    if (stray !== undefined) throw unopened(stray);
    return node;
  }

  private peek(): Lexeme | undefined {
    if (this.ahead === undefined) {
      const r = this.lexemes.next();
      this.ahead = r.done ? null : r.value;
    }
    return this.ahead ?? undefined;
  }

  private take(): Lexeme {
    const lexeme = this.peek();
    // Callers peek first; reaching here means the parser itself is wrong.
    if (lexeme === undefined) throw new Error('track rule parser read past the end');
    this.ahead = undefined;
    this.end = lexeme.position + lexeme.length;
    return lexeme;
  }

  /** The caller guarantees something comes next (the rule is not blank, and groups check for `()`). */
  private parseOr(depth: number): RuleNode {
    const start = this.peek();
    if (start?.kind === 'or') throw new RuleSyntaxError(OR_SIDES, start.position, start.length);
    if (start === undefined) throw new Error('track rule parser ran out of input');
    if (start.kind === 'rparen') throw unopened(start);
    const children = [this.parseAnd(depth)];
    for (let op = this.peek(); op?.kind === 'or'; op = this.peek()) {
      this.take();
      const after = this.peek();
      if (after === undefined || after.kind === 'rparen' || after.kind === 'or') {
        throw new RuleSyntaxError(OR_SIDES, op.position, op.length);
      }
      children.push(this.parseAnd(depth));
    }
    return this.combine('or', children, start.position);
  }

  /** Called only where a term starts, so it reads at least one. */
  private parseAnd(depth: number): RuleNode {
    const start = this.peek()?.position ?? this.end;
    const children: RuleNode[] = [];
    for (let t = this.peek(); t !== undefined && t.kind !== 'or' && t.kind !== 'rparen'; t = this.peek()) {
      children.push(this.parseUnary(depth));
    }
    return this.combine('and', children, start);
  }

  /** One child stands for itself; more become an n-ary node spanning from `start` to the last lexeme read, closing parentheses included. */
  private combine(type: 'and' | 'or', children: RuleNode[], start: number): RuleNode {
    const [first] = children;
    if (first === undefined) throw new Error(`track rule parser built an empty ${type}`);
    if (children.length === 1) return first;
    return { type, children, position: start, length: this.end - start };
  }

  private parseUnary(depth: number): RuleNode {
    const neg = this.peek();
    if (neg?.kind !== 'neg') return this.parsePrimary(depth);
    this.take();
    // The lexer already rejected `-` before a space, `)`, `-` or the end; `-OR` is what remains.
    if (this.peek()?.kind === 'or') {
      throw new RuleSyntaxError("negation of nothing: '-' cannot negate OR", neg.position, 1);
    }
    const child = this.parsePrimary(depth);
    return { type: 'not', child, position: neg.position, length: this.end - neg.position };
  }

  private parsePrimary(depth: number): RuleNode {
    const t = this.take();
    switch (t.kind) {
      case 'word':
        return parseWord(t.text, t.position);
      case 'phrase':
        return parsePhrase(t.text, t.position, t.length);
      case 'lparen':
        return this.parseGroup(t, depth + 1);
      default:
        // parseAnd and parseUnary never call here on `)` or OR.
        throw new Error(`track rule parser reached ${t.kind} where a term was expected`);
    }
  }

  private parseGroup(open: Lexeme, depth: number): RuleNode {
    if (depth > MAX_DEPTH) {
      throw new RuleSyntaxError(`parentheses nested more than ${MAX_DEPTH} deep`, open.position, 1);
    }
    const first = this.peek();
    if (first === undefined) throw unclosed(open);
    if (first.kind === 'rparen') {
      throw new RuleSyntaxError('empty parentheses', open.position, first.position + 1 - open.position);
    }
    const inner = this.parseOr(depth);
    if (this.peek()?.kind !== 'rparen') throw unclosed(open);
    this.take();
    return inner;
  }
}

function unclosed(open: Lexeme): RuleSyntaxError {
  return new RuleSyntaxError("unbalanced parenthesis: this '(' is never closed", open.position, 1);
}

/** `stray` is a `)` in practice: the only lexeme that stops the top-level parse before the end. */
function unopened(stray: Lexeme): RuleSyntaxError {
  return new RuleSyntaxError("unbalanced parenthesis: this ')' has no matching '('", stray.position, 1);
}
