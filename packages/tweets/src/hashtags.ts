// Entity extraction for tweets, faithful to twitter-text 3.1.0 (the reference the platform used) yet
// cheap enough to run on every tweet of a live stream. Implementation in ./extract/.
export { extractHashtags } from './extract/hashtags.ts';
export { extractMentions } from './extract/mentions.ts';
export { extractCashtags } from './extract/cashtags.ts';
