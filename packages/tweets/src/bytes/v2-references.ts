import {
  bytesOf,
  fieldOf,
  isName,
  isPlainString,
  sameStrings,
  skipValue,
  walkArray,
  walkObject,
} from './json-bytes.ts';
import { DECLINE } from './text-tags.ts';
import { readV2Tweet, type V2TweetFields } from './v2-tweet-fields.ts';

/** `retweetedId`: no `referenced_tweets` entry of type `retweeted`. */
export const NO_RETWEET = -2;
/** `retweetedId`: a retweet whose reference has no string id (the original cannot be looked up). */
export const RETWEET_WITHOUT_ID = -3;

const TYPE = bytesOf('type');
const ID = bytesOf('id');
const TEXT = bytesOf('text');
const TWEETS = bytesOf('tweets');
const RETWEETED = bytesOf('"retweeted"');

// The reference being read and the answer so far (module variables: plain functions, no closures).
let typeAt = -1;
let idAt = -1;
let hasText = false;
let found = NO_RETWEET;

/**
 * The first `referenced_tweets` entry of type `retweeted`, as `fromV2Tweet` picks it: the position
 * of its id's opening quote (a string without escapes), NO_RETWEET, RETWEET_WITHOUT_ID, or
 * DECLINE (an entry that inlines the retweeted text, as twarc's flattened tweets do, an escape
 * in its type or id, a key given twice).
 */
export function retweetedId(buf: Uint8Array, start: number, end: number): number {
  if (buf[start] !== 0x5b) return NO_RETWEET;
  found = NO_RETWEET;
  return walkArray(buf, start, end, readReference) < 0 ? DECLINE : found;
}

function readReference(buf: Uint8Array, v: number, end: number): number {
  if (found !== NO_RETWEET || buf[v] !== 0x7b) return skipValue(buf, v, end);
  typeAt = idAt = -1;
  hasText = false;
  const next = walkObject(buf, v, end, readReferenceField);
  if (next < 0 || typeAt < 0) return next;
  if (!isPlainString(buf, typeAt, end)) return -1;
  if (!isName(buf, typeAt, typeAt + RETWEETED.length, RETWEETED)) return next;
  if (hasText) return -1;
  if (idAt < 0 || buf[idAt] !== 0x22) found = RETWEET_WITHOUT_ID;
  else if (isPlainString(buf, idAt, end)) found = idAt;
  else return -1;
  return next;
}

function readReferenceField(
  buf: Uint8Array,
  keyStart: number,
  keyEnd: number,
  v: number,
  end: number,
): number {
  if (isName(buf, keyStart, keyEnd, TYPE)) {
    if (typeAt >= 0) return -1;
    typeAt = v;
  } else if (isName(buf, keyStart, keyEnd, ID)) {
    if (idAt >= 0) return -1;
    idAt = v;
  } else if (isName(buf, keyStart, keyEnd, TEXT)) {
    hasText = true;
  }
  return skipValue(buf, v, end);
}

// The lookup in `includes.tweets` (module variables, as above).
let wantedId = -1;
let into: V2TweetFields | null = null;
let match = 0;

/**
 * Finds the tweet whose id is the string at `idQuote` in `includes.tweets`, as `findById` does
 * (the first object whose `id` is that string), filling `fields` with it. Returns 1 when found,
 * 0 when not, DECLINE for an escape in an id or a key given twice. The includes were already
 * checked as JSON while the line was read.
 */
export function findIncluded(
  buf: Uint8Array,
  includesStart: number,
  includesEnd: number,
  idQuote: number,
  fields: V2TweetFields,
): number {
  if (buf[includesStart] !== 0x7b) return 0;
  const tweetsAt = fieldOf(buf, includesStart, includesEnd, TWEETS);
  if (tweetsAt === -1) return DECLINE;
  if (tweetsAt < 0 || buf[tweetsAt] !== 0x5b) return 0;
  wantedId = idQuote;
  into = fields;
  match = 0;
  return walkArray(buf, tweetsAt, includesEnd, readIncludedTweet) < 0 ? DECLINE : match;
}

function readIncludedTweet(buf: Uint8Array, v: number, end: number): number {
  if (match !== 0 || buf[v] !== 0x7b) return skipValue(buf, v, end);
  const fields = into!;
  const next = readV2Tweet(buf, v, end, fields);
  if (next < 0) return -1;
  const id = fields.idStart;
  if (id >= 0 && buf[id] === 0x22) {
    if (!isPlainString(buf, id, end)) return -1;
    if (sameStrings(buf, id, wantedId, end)) match = 1;
  }
  return next;
}
