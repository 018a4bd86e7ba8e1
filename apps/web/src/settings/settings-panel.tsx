import { useState, type FormEvent } from 'react';
import type { Settings, SettingsPatch } from '@tagstream/protocol';
import { dashboardApi } from '../api/dashboard-api.ts';
import { formatDuration } from '../format/duration.ts';
import { ErrorText } from '../shared/error-text.tsx';
import { useAsyncAction } from '../shared/use-async-action.ts';
import { NumberField } from './number-field.tsx';
import { PresetButtons } from './preset-buttons.tsx';
import type { SettingsPreset } from './settings-presets.ts';
import {
  MAX_RELATED,
  settingsToForm,
  validateSettingsForm,
  type SettingsForm,
  type SettingsFormErrors,
} from './settings-form.ts';

const EMPTY_FORM: SettingsForm = {
  batchSec: '',
  windowSec: '',
  slideSec: '',
  topK: '',
  retweets: true,
  related: '',
};

interface SettingsPanelProps {
  settings: Settings | null;
  onSettingsChanged: (settings: Settings) => void;
}

/** Batch, window, slide, top K, retweets and related tags: presets in one click, or typed and saved. */
export function SettingsPanel({ settings, onSettingsChanged }: SettingsPanelProps) {
  const { run, pending, error } = useAsyncAction();
  const [form, setForm] = useState<SettingsForm>(settings ? settingsToForm(settings) : EMPTY_FORM);
  const [fieldErrors, setFieldErrors] = useState<SettingsFormErrors>({});
  // A preset chosen while the form holds typed edits, waiting for the reader to say what to keep.
  const [pendingPreset, setPendingPreset] = useState<SettingsPreset | null>(null);
  const saved = settings ? settingsToForm(settings) : EMPTY_FORM;
  const dirty = settings !== null && JSON.stringify(form) !== JSON.stringify(saved);
  // A change from the server (another dashboard, a preset) fills the form, unless the reader is typing.
  const [seenSettings, setSeenSettings] = useState(settings);
  const [seenSaved, setSeenSaved] = useState(saved);
  if (settings !== seenSettings) {
    setSeenSettings(settings);
    setSeenSaved(saved);
    if (settings && JSON.stringify(form) === JSON.stringify(seenSaved)) {
      setForm(saved);
      setFieldErrors({});
    }
  }

  const save = (patch: SettingsPatch) =>
    void run(async () => onSettingsChanged(await dashboardApi.updateSettings(patch)));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validateSettingsForm(form);
    if (!checked.ok) {
      setFieldErrors(checked.errors);
      return;
    }
    setFieldErrors({});
    save(checked.settings);
  };

  const edit = (field: keyof SettingsForm) => (value: string) => setForm({ ...form, [field]: value });

  // A preset fills the form and saves it; over typed edits, only once the reader agrees to lose them.
  const applyPreset = (preset: SettingsPreset) => {
    setPendingPreset(null);
    setForm(
      settingsToForm({
        ...preset,
        topK: settings?.topK ?? 10,
        retweets: settings?.retweets ?? true,
        related: settings?.related ?? 5,
      }),
    );
    setFieldErrors({});
    save({ batchMs: preset.batchMs, windowMs: preset.windowMs, slideMs: preset.slideMs });
  };
  const choosePreset = (preset: SettingsPreset) => (dirty ? setPendingPreset(preset) : applyPreset(preset));

  return (
    <section id="settings" className="card" aria-labelledby="settings-heading">
      <header className="card-header">
        <h2 id="settings-heading">Counting settings</h2>
        {settings && (
          <p className="card-subtitle">
            batch {formatDuration(settings.batchMs)} · window {formatDuration(settings.windowMs)} · slide{' '}
            {formatDuration(settings.slideMs)} · top {settings.topK}
            {settings.related > 0 ? ` · ${settings.related} related` : ' · no related tags'}
            {settings.retweets ? '' : ' · no retweets'}
          </p>
        )}
      </header>
      <PresetButtons settings={settings} disabled={pending} onChoose={choosePreset} />
      {pendingPreset && (
        <div role="alertdialog" aria-labelledby="preset-confirm-text" className="confirm">
          <p id="preset-confirm-text">
            Your edits to the form are not saved. Discard them and apply &ldquo;{pendingPreset.name}&rdquo;?
          </p>
          <div className="control-row">
            <button type="button" onClick={() => applyPreset(pendingPreset)}>
              Discard edits and apply
            </button>
            <button type="button" onClick={() => setPendingPreset(null)} autoFocus>
              Keep my edits
            </button>
          </div>
        </div>
      )}
      <form className="settings-form" onSubmit={onSubmit} noValidate>
        <div className="field-grid">
          <NumberField
            id="settings-batch"
            label="Batch (s)"
            value={form.batchSec}
            step={0.1}
            min={0.1}
            error={fieldErrors.batchSec}
            onChange={edit('batchSec')}
          />
          <NumberField
            id="settings-window"
            label="Window (s)"
            value={form.windowSec}
            step={0.1}
            min={0.1}
            error={fieldErrors.windowSec}
            onChange={edit('windowSec')}
          />
          <NumberField
            id="settings-slide"
            label="Slide (s)"
            value={form.slideSec}
            step={0.1}
            min={0.1}
            error={fieldErrors.slideSec}
            onChange={edit('slideSec')}
          />
          <NumberField
            id="settings-top-k"
            label="Top K"
            value={form.topK}
            step={1}
            min={1}
            max={100}
            error={fieldErrors.topK}
            onChange={edit('topK')}
          />
          <NumberField
            id="settings-related"
            label="Related tags"
            value={form.related}
            step={1}
            min={0}
            max={MAX_RELATED}
            error={fieldErrors.related}
            onChange={edit('related')}
          />
        </div>
        <label className="inline-field">
          <input
            type="checkbox"
            checked={form.retweets}
            onChange={(event) => setForm({ ...form, retweets: event.target.checked })}
          />
          <span>Count retweets</span>
        </label>
        <div className="control-row">
          <button type="submit" disabled={pending || settings === null}>
            Save settings
          </button>
          {dirty && <span className="hint">Unsaved edits</span>}
        </div>
        <ErrorText message={error} />
      </form>
    </section>
  );
}
