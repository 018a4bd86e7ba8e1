import type { BatchResult } from '@tagstream/protocol';
import { formatCount } from '../format/numbers.ts';

/** Announcements come at most this often, however fast the leader changes. */
export const ANNOUNCE_GAP_MS = 10_000;

/** What has been said so far. */
export interface Announced {
  /** The leader last announced (or seen first, which is not news). */
  leader: string | null;
  at: number | null;
}

/**
 * Whether a new result is worth saying aloud: only a new leader is, and not within `ANNOUNCE_GAP_MS`
 * of the last announcement (a leader that changes back and forth is said once it holds). The first
 * leader seen is not news. Pure, with the time passed in.
 */
export function leaderAnnouncement(
  announced: Announced,
  latest: BatchResult | null,
  now: number,
): { announced: Announced; message: string | null } {
  const leader = latest?.top[0];
  if (!leader || leader.tag === announced.leader) return { announced, message: null };
  if (announced.leader === null) return { announced: { leader: leader.tag, at: null }, message: null };
  if (announced.at !== null && now - announced.at < ANNOUNCE_GAP_MS) return { announced, message: null };
  return {
    announced: { leader: leader.tag, at: now },
    message: `${leader.display} now leads with ${formatCount(leader.count)}.`,
  };
}
