import type { ReactNode } from 'react';
import type { BatchResult, SourceStatus } from '@tagstream/protocol';
import { formatDuration } from '../format/duration.ts';
import { formatCount, formatRate } from '../format/numbers.ts';
import { formatInstant, formatWindowRange } from '../format/window-range.ts';
import { TagName } from '../leaderboard/tag-name.tsx';
import { StaleMark } from '../shared/stale-mark.tsx';
import { headlineFigures } from './headline-figures.ts';
import { Sparkline } from './sparkline.tsx';

interface HeadlineNumbersProps {
  history: readonly BatchResult[];
  latest: BatchResult | null;
  rates: readonly number[];
  source: SourceStatus | null;
  stale: boolean;
  now: number;
}

function Tile(props: {
  id: string;
  label: string;
  value: string;
  note?: ReactNode;
  series: readonly number[];
}) {
  return (
    <div className="figure" data-testid={`figure-${props.id}`}>
      <dt>{props.label}</dt>
      <dd>
        <span className="figure-value">{props.value}</span>
        {props.note && <span className="figure-note">{props.note}</span>}
        <Sparkline values={props.series} />
      </dd>
    </div>
  );
}

/** What an analytics page leads with: four big numbers with their recent course, and the window they are about. */
export function HeadlineNumbers({ history, latest, rates, source, stale, now }: HeadlineNumbersProps) {
  const figures = headlineFigures(history, latest, rates);
  const dash = '–';
  const windowMs = latest ? Date.parse(latest.window.end) - Date.parse(latest.window.start) : null;
  const streamAt = source?.replay?.tweetTime ?? null;
  const ahead = latest && streamAt ? Date.parse(streamAt) - Date.parse(latest.window.end) : null;
  return (
    <section
      className={`card headline${stale ? ' is-stale' : ''}`}
      data-testid="headline"
      aria-label="Headline numbers"
    >
      <dl className="figures">
        <Tile
          id="rate"
          label="Tweets/s"
          value={figures.rate.value === null ? dash : formatRate(figures.rate.value)}
          series={figures.rate.series}
        />
        <Tile
          id="tweets"
          label="Tweets in window"
          value={figures.tweets.value === null ? dash : formatCount(figures.tweets.value)}
          series={figures.tweets.series}
        />
        <Tile
          id="distinct"
          label="Distinct tags"
          value={figures.distinctTags.value === null ? dash : formatCount(figures.distinctTags.value)}
          series={figures.distinctTags.series}
        />
        <Tile
          id="share"
          label="Top tag share"
          value={figures.topShare.value === null ? dash : `${(figures.topShare.value * 100).toFixed(1)}%`}
          note={figures.topShare.display && <TagName text={figures.topShare.display} />}
          series={figures.topShare.series}
        />
      </dl>
      <p className="headline-window" data-testid="headline-window">
        <StaleMark stale={stale} />
        {latest ? (
          <>
            Window <strong>{formatWindowRange(latest.window, new Date(now))}</strong>
            {windowMs !== null && ` · ${formatDuration(windowMs)} of tweet time`}
            {streamAt &&
              ahead !== null &&
              ` · stream at ${formatInstant(streamAt)}, ${formatDuration(Math.max(0, ahead))} past the window`}
          </>
        ) : (
          'No window yet'
        )}
      </p>
    </section>
  );
}
