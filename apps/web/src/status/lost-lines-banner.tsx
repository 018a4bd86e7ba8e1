import type { SourceStatus } from '@tagstream/protocol';

interface LostLinesBannerProps {
  source: SourceStatus | null;
}

/**
 * Says that the counts have a gap: lines that left the ingestor's log before the server could
 * read them (an outage longer than the log keeps), counted and never silent (DESIGN.md §8).
 */
export function LostLinesBanner({ source }: LostLinesBannerProps) {
  const lost = source?.lost ?? 0;
  if (lost === 0) return null;
  return (
    <div role="status" className="banner banner-warn" data-testid="lost-lines">
      <strong>
        {lost.toLocaleString('en')} input {lost === 1 ? 'line was' : 'lines were'} lost.
      </strong>{' '}
      The server was away longer than the ingestor keeps its log, so the counts miss them; the windows where
      the gap fell show it as “lost”.
    </div>
  );
}
