export type {
  AndNode,
  CashtagNode,
  FromNode,
  HashtagNode,
  HasNode,
  IsNode,
  KeywordNode,
  LangNode,
  MentionNode,
  NotNode,
  OrNode,
  PhraseNode,
  RuleNode,
  Span,
} from './ast.ts';
export { formatRuleError } from './format-error.ts';
export { MAX_DEPTH, MAX_RULE_LENGTH, parseRule } from './parse.ts';
export { RuleSyntaxError } from './rule-syntax-error.ts';
export { foldCase, tokenizeText } from './text-tokens.ts';
export { compileRule, compileRules, compileTrack, validateTrack, type TrackError } from './track.ts';
export { validateTrackers, type TrackersError } from './trackers.ts';
