import type { TopEntry } from '@tagstream/protocol';
import { formatCount } from '../format/numbers.ts';

interface RelatedPeekProps {
  /** The entry pointed at or focused in the chart or the table, if any. */
  entry: TopEntry | null;
  top: readonly TopEntry[];
}

/**
 * The tags found most often in the same tweets as the one pointed at or focused, in one line
 * between the chart and the table. Its room is kept whether it shows anything or not, so that
 * pointing at a row never moves the rows.
 */
export function RelatedPeek({ entry, top }: RelatedPeekProps) {
  const displayOf = (tag: string) => top.find((e) => e.tag === tag)?.display ?? `#${tag}`;
  let text: string;
  if (entry === null) text = 'Point at a tag, or focus it, to see the tags found in the same tweets.';
  else if (entry.related === undefined)
    text = `Related tags of ${entry.display} are not known for this window.`;
  else if (entry.related.length === 0)
    text = `${entry.display} is in no tweet with another tag in this window.`;
  else
    text = `${entry.display} is found with ${entry.related
      .map((r) => `${displayOf(r.tag)} (${formatCount(r.count)})`)
      .join(', ')}`;
  return (
    <p
      id="related-peek"
      className={`related-peek${entry === null ? ' hint' : ''}`}
      data-testid="related-peek"
    >
      <bdi>{text}</bdi>
    </p>
  );
}
