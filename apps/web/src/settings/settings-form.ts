import type { MaxRelated, Settings } from '@tagstream/protocol';

/** The most related tags the server lists (the page imports types only: typed so, this copy must match). */
export const MAX_RELATED: MaxRelated = 50;

/** The settings form as typed: durations in seconds, as strings, because that is what inputs hold. */
export interface SettingsForm {
  batchSec: string;
  windowSec: string;
  slideSec: string;
  topK: string;
  retweets: boolean;
  related: string;
}

export type SettingsFormErrors = Partial<Record<keyof SettingsForm, string>>;

export function settingsToForm(settings: Settings): SettingsForm {
  return {
    batchSec: String(settings.batchMs / 1000),
    windowSec: String(settings.windowMs / 1000),
    slideSec: String(settings.slideMs / 1000),
    topK: String(settings.topK),
    retweets: settings.retweets,
    related: String(settings.related),
  };
}

function toMs(text: string): number {
  const seconds = Number(text.trim());
  return text.trim() === '' || !Number.isFinite(seconds) ? Number.NaN : Math.round(seconds * 1000);
}

/**
 * Checks the form against DESIGN §4 before it goes to the server: the window and the slide are
 * multiples of the batch, and the window is at least one slide long.
 */
export function validateSettingsForm(
  form: SettingsForm,
): { ok: true; settings: Settings } | { ok: false; errors: SettingsFormErrors } {
  const errors: SettingsFormErrors = {};
  const batchMs = toMs(form.batchSec);
  const windowMs = toMs(form.windowSec);
  const slideMs = toMs(form.slideSec);
  const topK = Number(form.topK.trim());
  if (!(batchMs >= 100)) errors.batchSec = 'At least 0.1 s.';
  if (!(windowMs >= 100)) errors.windowSec = 'At least 0.1 s.';
  else if (batchMs >= 100 && windowMs % batchMs !== 0) errors.windowSec = 'A multiple of the batch.';
  if (!(slideMs >= 100)) errors.slideSec = 'At least 0.1 s.';
  else if (batchMs >= 100 && slideMs % batchMs !== 0) errors.slideSec = 'A multiple of the batch.';
  else if (windowMs >= 100 && slideMs > windowMs) errors.slideSec = 'No longer than the window.';
  if (form.topK.trim() === '' || !Number.isInteger(topK) || topK < 1 || topK > 100) {
    errors.topK = 'A whole number from 1 to 100.';
  }
  const related = Number(form.related.trim());
  if (form.related.trim() === '' || !Number.isInteger(related) || related < 0 || related > MAX_RELATED) {
    errors.related = `A whole number from 0 (none) to ${MAX_RELATED}.`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, settings: { batchMs, windowMs, slideMs, topK, retweets: form.retweets, related } };
}
