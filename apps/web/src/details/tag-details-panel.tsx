import { useEffect, useRef } from 'react';
import type { BatchResult } from '@tagstream/protocol';
import { formatCount } from '../format/numbers.ts';
import { TagName } from '../leaderboard/tag-name.tsx';
import { tagColour } from '../leaderboard/tag-colours.ts';
import { ErrorText } from '../shared/error-text.tsx';
import { LanguageMix } from './language-mix.tsx';
import { RelatedTagsList } from './related-tags-list.tsx';
import { SampleTweet } from './sample-tweet.tsx';
import { TagAuthorsList } from './tag-authors-list.tsx';
import { TagSeriesChart } from './tag-series-chart.tsx';
import { useTagDetails } from './use-tag-details.ts';

// Details are re-read at most this often while results keep arriving.
const REFRESH_MS = 3_000;

interface TagDetailsPanelProps {
  tag: string;
  latest: BatchResult | null;
  receivedAt: number | null;
  onClose: () => void;
  /** Opens another tag's details (a related tag). */
  onSelectTag: (tag: string) => void;
}

/**
 * The drill-down of one tag: its count now, its count per batch, the tags found with it, who
 * writes it in which languages, and sample tweets.
 */
export function TagDetailsPanel({ tag, latest, receivedAt, onClose, onSelectTag }: TagDetailsPanelProps) {
  const state = useTagDetails(tag, receivedAt === null ? 0 : Math.floor(receivedAt / REFRESH_MS));
  const headingRef = useRef<HTMLHeadingElement>(null);
  const entry = latest?.top.find((candidate) => candidate.tag === tag);
  const display = state?.details?.display ?? entry?.display ?? `#${tag}`;
  const colour = tagColour(tag);
  const displayOf = (key: string) =>
    latest?.top.find((candidate) => candidate.tag === key)?.display ?? `#${key}`;

  // Opening details moves focus to them, so keyboard and screen reader users land where the content is.
  useEffect(() => {
    headingRef.current?.focus();
  }, [tag]);

  return (
    <section id="details" className="card details" aria-labelledby="details-heading">
      <header className="card-header">
        <h2 id="details-heading" ref={headingRef} tabIndex={-1} className="details-heading">
          <span className="swatch" style={{ background: colour }} aria-hidden="true" />
          <TagName text={display} />
        </h2>
        <button type="button" onClick={onClose}>
          Close details
        </button>
      </header>
      <p className="card-subtitle">
        {entry
          ? `Rank ${entry.rank} with ${formatCount(entry.count)} in the window`
          : 'Not in the current top'}
      </p>
      {state === null && <p className="hint">Loading…</p>}
      <ErrorText message={state?.error ?? null} />
      {state?.details && (
        <>
          <TagSeriesChart series={state.details.series} colour={colour} />
          <div className="tag-profile">
            <RelatedTagsList
              related={state.details.related}
              count={state.details.count}
              displayOf={displayOf}
              onSelectTag={onSelectTag}
            />
            <TagAuthorsList authors={state.details.authors} count={state.details.count} />
            <LanguageMix languages={state.details.languages} count={state.details.count} />
          </div>
          <h3>Recent tweets</h3>
          {state.details.samples.length === 0 ? (
            <p className="hint">No sample tweets retained.</p>
          ) : (
            <ul className="samples">
              {state.details.samples.map((sample, i) => (
                <SampleTweet key={`${sample.id}-${i}`} sample={sample} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
