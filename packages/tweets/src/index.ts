export type { Tweet } from './tweet.ts';
export { extractHashtags, extractMentions, extractCashtags } from './hashtags.ts';
export * from './normalize/index.ts';
export * from './track/index.ts';
export * from './bytes/index.ts';
