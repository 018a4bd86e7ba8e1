import { describe, expect, it } from 'vitest';
import { makeResult } from '../live/result-fixture.ts';
import { ANNOUNCE_GAP_MS, leaderAnnouncement, type Announced } from './leader-announcement.ts';

const leading = (tag: string, seq = 1) => makeResult(seq, [{ tag, count: 42 }]);

describe('leaderAnnouncement', () => {
  it('says nothing about the first leader, nor while it keeps the lead', () => {
    let announced: Announced = { leader: null, at: null };
    let said = leaderAnnouncement(announced, leading('a'), 0);
    expect(said.message).toBeNull();
    announced = said.announced;
    said = leaderAnnouncement(announced, leading('a', 2), 1_000);
    expect(said.message).toBeNull();
  });

  it('announces a new leader, then not again within the gap, then the one that holds', () => {
    let announced: Announced = { leader: 'a', at: null };
    let said = leaderAnnouncement(announced, leading('b'), 1_000);
    expect(said.message).toBe('#b now leads with 42.');
    announced = said.announced;
    said = leaderAnnouncement(announced, leading('c'), 1_000 + ANNOUNCE_GAP_MS - 1);
    expect(said.message).toBeNull();
    said = leaderAnnouncement(said.announced, leading('c'), 1_000 + ANNOUNCE_GAP_MS);
    expect(said.message).toBe('#c now leads with 42.');
  });
});
