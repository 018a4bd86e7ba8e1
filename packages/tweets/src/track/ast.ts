/** Where a node came from in the rule string (UTF-16 indices), for error messages and editors. */
export interface Span {
  position: number;
  length: number;
}

/** Terms joined by `OR`; always two or more children. */
export interface OrNode extends Span {
  type: 'or';
  children: RuleNode[];
}
/** Terms separated by whitespace; always two or more children. */
export interface AndNode extends Span {
  type: 'and';
  children: RuleNode[];
}
/** `-term`, `-"phrase"` or `-( … )`. */
export interface NotNode extends Span {
  type: 'not';
  child: RuleNode;
}
/** A bare keyword; `tokens` is its folded token sequence (see `text-tokens.ts`), never empty. */
export interface KeywordNode extends Span {
  type: 'keyword';
  text: string;
  tokens: string[];
}
/** A quoted phrase with escapes resolved; `tokens` as for keywords, never empty. */
export interface PhraseNode extends Span {
  type: 'phrase';
  text: string;
  tokens: string[];
}
/** `#tag`: `tag` without the sign, as written. */
export interface HashtagNode extends Span {
  type: 'hashtag';
  tag: string;
}
/** `@user`: a tweet that mentions `user`. */
export interface MentionNode extends Span {
  type: 'mention';
  user: string;
}
/** `$SYMBOL`: a tweet with that cashtag. */
export interface CashtagNode extends Span {
  type: 'cashtag';
  symbol: string;
}
/** `from:user`: a tweet by `user`. */
export interface FromNode extends Span {
  type: 'from';
  user: string;
}
/** `lang:xx`: a tweet whose language is `xx` (or a subtag of it, `lang:en` matching `en-GB`). */
export interface LangNode extends Span {
  type: 'lang';
  lang: string;
}
/** `is:retweet`. */
export interface IsNode extends Span {
  type: 'is';
  what: 'retweet';
}
/** `has:hashtags`, `has:mentions`, `has:cashtags`. */
export interface HasNode extends Span {
  type: 'has';
  what: 'hashtags' | 'mentions' | 'cashtags';
}

/** A parsed track rule: a discriminated union on `type`. Parentheses leave no node of their own. */
export type RuleNode =
  | OrNode
  | AndNode
  | NotNode
  | KeywordNode
  | PhraseNode
  | HashtagNode
  | MentionNode
  | CashtagNode
  | FromNode
  | LangNode
  | IsNode
  | HasNode;
