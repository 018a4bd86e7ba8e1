import type { Interval } from '@tagstream/protocol';

/** `YYYY-MM-DD` of an instant, in UTC. */
function utcDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `HH:MM:SS`, with milliseconds only when the window has any: batches may be as short as 100 ms. */
function utcTime(date: Date, withMillis: boolean): string {
  return date.toISOString().slice(11, withMillis ? 23 : 19);
}

/**
 * The window of a result in tweet time, in UTC, e.g. `10:00:00–10:00:20 UTC`.
 * The date is shown whenever it is not today, so a replay of a 2018 recording reads as 2018.
 * `now` is passed in so that "today" is testable.
 */
export function formatWindowRange(window: Interval, now: Date): string {
  const start = new Date(window.start);
  const end = new Date(window.end);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
    return `${window.start}–${window.end}`;
  }
  const withMillis = start.getUTCMilliseconds() !== 0 || end.getUTCMilliseconds() !== 0;
  const startDate = utcDate(start);
  const endDate = utcDate(end);
  if (startDate !== endDate) {
    return `${startDate} ${utcTime(start, withMillis)} – ${endDate} ${utcTime(end, withMillis)} UTC`;
  }
  const times = `${utcTime(start, withMillis)}–${utcTime(end, withMillis)} UTC`;
  return startDate === utcDate(now) ? times : `${startDate} ${times}`;
}

/** An instant as `YYYY-MM-DD HH:MM:SS UTC`, for tweet times where the date always matters. */
export function formatInstant(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${utcDate(date)} ${utcTime(date, false)} UTC`;
}
