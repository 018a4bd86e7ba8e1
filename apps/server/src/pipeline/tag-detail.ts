import type { Settings, TagDetail } from '@tagstream/protocol';
import type { CounterView } from '@tagstream/stream';
import { readBatches } from './batch-reads.ts';
import type { ResultHistory } from './result-history.ts';
import { tagSeries } from './rising-tags.ts';
import type { SampleTweets } from './sample-tweets.ts';

/** What a tag's drill-down is made from. */
export interface TagDetailSources {
  history: ResultHistory;
  counter: CounterView;
  samples: SampleTweets;
  settings: Settings;
}

/** Authors listed in a drill-down. */
const TOP_AUTHORS = 10;

/**
 * A tag's drill-down: its count in the latest window, its exact count per closed batch over
 * the retained batches, and its newest sample tweets; with, for the latest window, its related
 * tags (as many as the `related` setting asks) and who wrote its tweets in which languages,
 * exactly, or left out when the counter cannot say exactly (see TagDetailSchema).
 */
export function tagDetail(
  from: TagDetailSources,
  key: string,
  fallbackDisplay = '#' + key,
  sampleLimit = 20,
): TagDetail {
  const { history, counter, samples, settings } = from;
  const latest = history.latest();
  const B = settings.batchMs;
  const to = latest ? Date.parse(latest.window.end) / B : 0;
  const start = latest ? Date.parse(latest.window.start) / B : 0;
  const form = counter.latestForm(key);
  const display =
    latest?.top.find((t) => t.tag === key)?.display ??
    latest?.rising?.find((t) => t.tag === key)?.display ??
    (form !== null ? '#' + form : null);
  const count = latest ? counter.keyCount(key, start, to) : 0;
  const related = latest && settings.related > 0 ? counter.detail.related(key, settings.related) : null;
  const profile = latest ? counter.detail.profile(key, start, to, TOP_AUTHORS) : null;
  return {
    tag: key,
    display: display ?? fallbackDisplay,
    count,
    samples: samples.find(key, sampleLimit),
    series: latest
      ? tagSeries(counter, key, to - readBatches(settings), to).map(({ index, count }) => ({
          start: new Date(index * B).toISOString(),
          end: new Date((index + 1) * B).toISOString(),
          count,
        }))
      : [],
    ...(related !== null ? { related } : {}),
    ...(profile !== null
      ? {
          authors: profile.authors.map((a) => ({ author: a.key, count: a.count })),
          languages: profile.langs.map((l) => ({ lang: l.key, count: l.count })),
          unrecorded: count - profile.recorded,
        }
      : {}),
  };
}
