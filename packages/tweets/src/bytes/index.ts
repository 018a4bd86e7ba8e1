// The byte-level hot path (issue 19): lines read from bytes into numbers and byte ranges, hashtags
// interned by their bytes. Pure; it declines whatever needs the exact path's full rules.
export { scanLineBytes } from './scan-line-bytes.ts';
export { ScannedTweet, LONG_ID, hashBytes } from './scanned-tweet.ts';
export { ByteInterner } from './byte-interner.ts';
export { DECLINE } from './text-tags.ts';
