export type { Tweet } from './tweet.ts';
