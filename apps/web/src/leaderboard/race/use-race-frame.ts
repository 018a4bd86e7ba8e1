import { useLayoutEffect, useRef, useState } from 'react';
import type { TopEntry } from '@tagstream/protocol';
import { LeaderboardRace, type RaceFrame } from './leaderboard-race.ts';

/**
 * The race's rows for the current animation frame. Each new `top` starts a tween of `durationMs` from
 * what is on screen; frames are drawn while anything moves and not at all at rest.
 */
export function useRaceFrame(top: readonly TopEntry[], durationMs: number): RaceFrame {
  const raceRef = useRef<LeaderboardRace | null>(null);
  const [frame, setFrame] = useState<RaceFrame>({ rows: [], moving: false });

  // Layout effect: the first rows are in the first paint, not one frame later.
  useLayoutEffect(() => {
    const race = (raceRef.current ??= new LeaderboardRace());
    race.update(top, performance.now(), durationMs);
    let request = 0;
    const draw = () => {
      const next = race.frame(performance.now());
      setFrame(next);
      request = next.moving ? requestAnimationFrame(draw) : 0;
    };
    draw();
    return () => cancelAnimationFrame(request);
  }, [top, durationMs]);

  return frame;
}
