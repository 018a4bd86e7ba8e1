import type { SourceStatus } from '@tagstream/protocol';
import { formatCount } from '../format/numbers.ts';
import { formatInstant } from '../format/window-range.ts';

type ReplayStatus = NonNullable<SourceStatus['replay']>;

/** How far the replay has got, in tweets and in tweet time. */
export function ReplayProgress({ replay }: { replay: ReplayStatus }) {
  const known = replay.total > 0;
  return (
    <div className="replay-progress">
      <progress
        aria-label="Replay progress"
        max={known ? replay.total : undefined}
        value={known ? Math.min(replay.position, replay.total) : undefined}
      />
      <p className="replay-progress-text">
        {formatCount(replay.position)}
        {known ? ` / ${formatCount(replay.total)}` : ''} tweets
        {replay.tweetTime ? ` · tweet time ${formatInstant(replay.tweetTime)}` : ''}
        {replay.paused ? ' · paused' : ''}
        {replay.loop ? ' · looping' : ''}
      </p>
      {replay.files.length > 0 && (
        <p className="replay-files" title={replay.files.join('\n')}>
          <bdi>{replay.files.join(', ')}</bdi>
        </p>
      )}
    </div>
  );
}
