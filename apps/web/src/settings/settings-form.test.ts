import { describe, expect, it } from 'vitest';
import { settingsToForm, validateSettingsForm } from './settings-form.ts';
import { matchingPreset, SETTINGS_PRESETS } from './settings-presets.ts';

const defaults = { batchMs: 10_000, windowMs: 20_000, slideMs: 10_000, topK: 10, retweets: true, related: 5 };

describe('validateSettingsForm', () => {
  it('round-trips settings through the form', () => {
    expect(validateSettingsForm(settingsToForm(defaults))).toEqual({ ok: true, settings: defaults });
  });

  it('accepts fractions of a second', () => {
    const form = { ...settingsToForm(defaults), batchSec: '0.5', windowSec: '2', slideSec: '1' };
    expect(validateSettingsForm(form)).toMatchObject({
      ok: true,
      settings: { batchMs: 500, windowMs: 2000 },
    });
  });

  it('requires the window and the slide to be multiples of the batch', () => {
    const form = { ...settingsToForm(defaults), windowSec: '25', slideSec: '15' };
    expect(validateSettingsForm(form)).toEqual({
      ok: false,
      errors: { windowSec: 'A multiple of the batch.', slideSec: 'A multiple of the batch.' },
    });
  });

  it('rejects empty, tiny and out-of-range values', () => {
    const form = {
      batchSec: '',
      windowSec: '0.01',
      slideSec: 'abc',
      topK: '101',
      retweets: false,
      related: '51',
    };
    const result = validateSettingsForm(form);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(Object.keys(result.errors).sort()).toEqual([
        'batchSec',
        'related',
        'slideSec',
        'topK',
        'windowSec',
      ]);
    for (const related of ['', '-1', '2.5', 'five'])
      expect(validateSettingsForm({ ...settingsToForm(defaults), related })).toEqual({
        ok: false,
        errors: { related: 'A whole number from 0 (none) to 50.' },
      });
    expect(validateSettingsForm({ ...settingsToForm(defaults), related: '0' })).toMatchObject({
      ok: true,
      settings: { related: 0 },
    });
  });

  it('rejects a slide longer than the window', () => {
    const form = { ...settingsToForm(defaults), slideSec: '30' };
    expect(validateSettingsForm(form)).toMatchObject({
      ok: false,
      errors: { slideSec: 'No longer than the window.' },
    });
  });
});

describe('matchingPreset', () => {
  it('finds the preset the settings are on', () => {
    expect(matchingPreset(defaults)?.name).toBe('Spark tutorial: 10 s / 20 s');
    expect(matchingPreset({ ...defaults, batchMs: 2_000, windowMs: 10_000, slideMs: 2_000 })?.name).toBe(
      'Demo',
    );
    expect(matchingPreset({ ...defaults, windowMs: 300_000 })?.name).toBe('Last 5 minutes');
    expect(matchingPreset({ ...defaults, windowMs: 30_000 })).toBeNull();
  });

  it('has presets whose windows and slides are multiples of their batch', () => {
    for (const preset of SETTINGS_PRESETS) {
      expect(preset.windowMs % preset.batchMs).toBe(0);
      expect(preset.slideMs % preset.batchMs).toBe(0);
    }
  });
});
