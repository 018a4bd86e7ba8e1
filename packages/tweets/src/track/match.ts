import type { RuleNode } from './ast.ts';
import { foldCase } from './text-tokens.ts';
import type { TweetFacts } from './tweet-facts.ts';

/** A compiled rule, asking its questions of a tweet's shared, lazily computed facts. */
export type FactsPredicate = (facts: TweetFacts) => boolean;

/**
 * Compiles a syntax tree into a predicate once, folding every rule-side string
 * up front so matching a tweet does no per-term normalization.
 */
export function compileNode(node: RuleNode): FactsPredicate {
  switch (node.type) {
    case 'or': {
      const children = node.children.map(compileNode);
      return (f) => {
        for (const c of children) if (c(f)) return true;
        return false;
      };
    }
    case 'and': {
      const children = node.children.map(compileNode);
      return (f) => {
        for (const c of children) if (!c(f)) return false;
        return true;
      };
    }
    case 'not': {
      const child = compileNode(node.child);
      return (f) => !child(f);
    }
    case 'keyword':
    case 'phrase': {
      const tokens = node.tokens;
      return (f) => f.hasSequence(tokens);
    }
    case 'hashtag': {
      const tag = foldCase(node.tag);
      return (f) => f.hashtags.has(tag);
    }
    case 'mention': {
      const user = foldCase(node.user);
      return (f) => f.mentions.has(user);
    }
    case 'cashtag': {
      const symbol = foldCase(node.symbol);
      return (f) => f.cashtags.has(symbol);
    }
    case 'from': {
      const user = foldCase(node.user);
      return (f) => f.tweet.author !== null && foldCase(f.tweet.author) === user;
    }
    case 'lang': {
      // `lang:en` also takes `en-GB`, the form some sources report; `lang:pt-br` wants that exact tag.
      const lang = node.lang;
      return (f) => {
        const l = f.tweet.lang?.toLowerCase();
        return l !== undefined && (l === lang || l.startsWith(`${lang}-`));
      };
    }
    case 'is':
      return (f) => f.tweet.retweet;
    case 'has': {
      const what = node.what;
      return (f) => f[what].size > 0;
    }
  }
}
