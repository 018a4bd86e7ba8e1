import type { TagSample } from '@tagstream/protocol';
import { formatInstant } from '../format/window-range.ts';
import { safeExternalUrl } from './safe-url.ts';

/** One sample tweet: its text in its own direction, who and when, and a link when it is a safe one. */
export function SampleTweet({ sample }: { sample: TagSample }) {
  const url = safeExternalUrl(sample.url);
  return (
    <li className="sample">
      <p className="sample-text" dir="auto">
        {sample.text}
      </p>
      <p className="sample-meta">
        {sample.author && (
          <>
            <bdi>@{sample.author}</bdi>
            {sample.time && ' · '}
          </>
        )}
        {sample.time && <time dateTime={sample.time}>{formatInstant(sample.time)}</time>}
        {url && (
          <>
            {' · '}
            <a href={url} target="_blank" rel="noopener noreferrer">
              Open tweet
            </a>
          </>
        )}
      </p>
    </li>
  );
}
