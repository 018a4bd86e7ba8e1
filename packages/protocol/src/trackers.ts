import { Type, type Static } from '@sinclair/typebox';
import { IntervalSchema } from './batch-result.ts';

/**
 * Trackers (DESIGN.md §6): named track rules counted side by side, each with its own windows, top
 * list, totals, rising tags, samples and history. The default tracker counts everything the source
 * sends and always exists.
 */
export const DEFAULT_TRACKER = 'everything';

/**
 * At most this many trackers besides the default one. Each is a whole counting session (its own
 * windows, retained batches, remembered ids and running totals: `npm run bench -- --only trackers`
 * measures what one costs) and, live, one X stream rule. X allows 1,000 rules of up to 1,024
 * characters at the Pro access level and 25,000 of up to 2,048 at Enterprise; Free and today's
 * Basic have no filtered stream, and the smallest level that had one (Basic in a Standard project)
 * allowed 25 rules of up to 512 (developer.twitter.com, "Filtered stream overview" and "Filtered
 * stream introduction"; docs.x.com for Enterprise). Ten leave room for the track keywords even
 * there: memory, not X, is what bounds the number here.
 */
export const MAX_TRACKERS = 10;

/** The longest tracker rule: 512 characters, the rule length every X access level with a filtered stream accepts. */
export const MAX_TRACKER_RULE_LENGTH = 512;

/**
 * A tracker's name: letters, digits, `-` and `_`, starting with a letter or digit, at most 32
 * characters. It travels in page URLs (`?tracker=NAME`), in socket.io rooms and, live, in the tag
 * of its X stream rule, so it needs no escaping anywhere.
 */
export const TRACKER_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$';

export const TrackerNameSchema = Type.String({ pattern: TRACKER_NAME_PATTERN, minLength: 1, maxLength: 32 });

/** One tracker: a name and a rule in the track-rule language (one X stream rule live). */
export const TrackerSchema = Type.Object(
  {
    name: TrackerNameSchema,
    rule: Type.String({ minLength: 1, maxLength: MAX_TRACKER_RULE_LENGTH }),
  },
  { additionalProperties: false },
);
export type Tracker = Static<typeof TrackerSchema>;

/** `GET /api/trackers` and the body of `PUT /api/trackers` (the whole list, which replaces the old one). */
export const TrackersSchema = Type.Object(
  { trackers: Type.Array(TrackerSchema, { maxItems: MAX_TRACKERS }) },
  { additionalProperties: false },
);
export type Trackers = Static<typeof TrackersSchema>;

/** `?tracker=NAME` on the read endpoints (`/api/top`, `/api/history`, `/api/tags/{tag}`); the default tracker without it. */
export const TrackerQuerySchema = Type.Object({ tracker: Type.Optional(TrackerNameSchema) });
export type TrackerQuery = Static<typeof TrackerQuerySchema>;

/**
 * One tracker's tweets in one window, for share of voice between trackers over time: the compare
 * view sets each tracker's count beside the others' at the same window end (a tracker with no
 * entry for a window had no tweet in it).
 */
export const VoiceEntrySchema = Type.Object({
  tracker: Type.String(),
  window: IntervalSchema,
  tweets: Type.Integer({ minimum: 0 }),
});
export type VoiceEntry = Static<typeof VoiceEntrySchema>;
