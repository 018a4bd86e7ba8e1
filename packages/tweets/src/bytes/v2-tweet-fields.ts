import { bytesOf, isName, skipValue, walkObject } from './json-bytes.ts';

/**
 * The fields of one X API v2 tweet object that counting needs, located by byte position while
 * the object is read (and checked as JSON): the value of each starts at `…Start` and ends before
 * `…End`; a start of -1 means the field is absent. A field given twice declines the object
 * (JSON.parse would keep the last one; the byte path does not guess). One instance per role
 * (the line's tweet, an included tweet), reused from line to line.
 */
export class V2TweetFields {
  idStart = -1;
  idEnd = -1;
  textStart = -1;
  textEnd = -1;
  createdStart = -1;
  createdEnd = -1;
  entitiesStart = -1;
  entitiesEnd = -1;
  refsStart = -1;
  refsEnd = -1;
  /** `note_tweet` is there: the full text lives in it (a long post); the exact path reads those. */
  hasNote = false;
}

/** Reads the v2 tweet object at `i` into `fields`; returns the position past it, or -1. */
export function readV2Tweet(buf: Uint8Array, i: number, end: number, fields: V2TweetFields): number {
  fields.idStart = fields.textStart = fields.createdStart = fields.entitiesStart = fields.refsStart = -1;
  fields.hasNote = false;
  reading = fields;
  return walkObject(buf, i, end, readField);
}

const ID = bytesOf('id');
const TEXT = bytesOf('text');
const CREATED_AT = bytesOf('created_at');
const ENTITIES = bytesOf('entities');
const REFERENCED_TWEETS = bytesOf('referenced_tweets');
const NOTE_TWEET = bytesOf('note_tweet');

/** The object `readField` fills (module variable: the walker takes a plain function, no closure per line). */
let reading = new V2TweetFields();

function readField(buf: Uint8Array, keyStart: number, keyEnd: number, v: number, end: number): number {
  const f = reading;
  const next = skipValue(buf, v, end);
  if (next < 0) return -1;
  const length = keyEnd - keyStart;
  // The length first: most keys (metrics, annotations, attachments…) are none of these.
  if (length === 2 && isName(buf, keyStart, keyEnd, ID)) {
    if (f.idStart >= 0) return -1;
    f.idStart = v;
    f.idEnd = next;
  } else if (length === 4 && isName(buf, keyStart, keyEnd, TEXT)) {
    if (f.textStart >= 0) return -1;
    f.textStart = v;
    f.textEnd = next;
  } else if (length === 10 && isName(buf, keyStart, keyEnd, CREATED_AT)) {
    if (f.createdStart >= 0) return -1;
    f.createdStart = v;
    f.createdEnd = next;
  } else if (length === 8 && isName(buf, keyStart, keyEnd, ENTITIES)) {
    if (f.entitiesStart >= 0) return -1;
    f.entitiesStart = v;
    f.entitiesEnd = next;
  } else if (length === 17 && isName(buf, keyStart, keyEnd, REFERENCED_TWEETS)) {
    if (f.refsStart >= 0) return -1;
    f.refsStart = v;
    f.refsEnd = next;
  } else if (length === 10 && isName(buf, keyStart, keyEnd, NOTE_TWEET)) {
    f.hasNote = true;
  }
  return next;
}
