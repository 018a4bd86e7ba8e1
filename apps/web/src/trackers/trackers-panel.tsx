import { useState, type FormEvent } from 'react';
import type { Tracker } from '@tagstream/protocol';
import { ApiError, errorMessage, type RuleSyntaxError } from '../api/api-error.ts';
import { dashboardApi } from '../api/dashboard-api.ts';
import { ErrorText } from '../shared/error-text.tsx';
import { RuleErrorMessage } from '../track/rule-error-message.tsx';
import { trackerColour } from './tracker-colour.ts';

const ERROR_ID = 'trackers-error';
// The server's cap (MAX_TRACKERS in @tagstream/protocol, types only here); it refuses more anyway.
const MAX_TRACKERS = 10;

/** What went wrong with the last change: a rule error points into the rule of one tracker. */
type TrackersError =
  { kind: 'rule'; rule: RuleSyntaxError; text: string } | { kind: 'other'; message: string };

interface TrackersPanelProps {
  trackers: readonly Tracker[];
  /** The tracker shown. */
  current: string;
  compare: boolean;
  onTrackersChanged: (trackers: Tracker[]) => void;
  onSwitch: (tracker: string) => void;
  onCompare: (compare: boolean) => void;
}

/**
 * Named rules counted side by side, each with its own windows, top list and totals: add one (a
 * name and a rule), show one, remove one, and open the compare view.
 */
export function TrackersPanel(props: TrackersPanelProps) {
  const { trackers, current, compare, onTrackersChanged, onSwitch, onCompare } = props;
  const [name, setName] = useState('');
  const [rule, setRule] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<TrackersError | null>(null);

  const apply = async (next: Tracker[], onSuccess?: () => void) => {
    setPending(true);
    setError(null);
    try {
      const applied = await dashboardApi.setTrackers(next);
      onTrackersChanged(Array.isArray(applied?.trackers) ? applied.trackers : next);
      onSuccess?.();
    } catch (cause) {
      const bad = cause instanceof ApiError ? cause.rule : undefined;
      const text = bad ? next[bad.index]?.rule : undefined;
      setError(
        bad && text !== undefined
          ? { kind: 'rule', rule: bad, text }
          : { kind: 'other', message: errorMessage(cause) },
      );
    } finally {
      setPending(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '' || rule.trim() === '') {
      setError({ kind: 'other', message: 'A tracker needs a name and a rule.' });
      return;
    }
    void apply([...trackers, { name: name.trim(), rule: rule.trim() }], () => {
      setName('');
      setRule('');
    });
  };
  const full = trackers.length >= MAX_TRACKERS;

  return (
    <section id="trackers" className="card" aria-labelledby="trackers-heading">
      <header className="card-header">
        <h2 id="trackers-heading">Trackers</h2>
        <p className="card-subtitle">Rules counted side by side, each with its own windows and top list</p>
      </header>
      {trackers.length === 0 ? (
        <p className="hint">No trackers: the page shows everything the source sends.</p>
      ) : (
        <ul className="tracker-list" aria-label="Trackers">
          {trackers.map((tracker, i) => (
            <li key={tracker.name} className={tracker.name === current ? 'is-current' : undefined}>
              <span className="swatch" style={{ background: trackerColour(i) }} aria-hidden="true" />
              <button
                type="button"
                className="tracker-name"
                aria-pressed={tracker.name === current}
                onClick={() => onSwitch(tracker.name)}
              >
                {tracker.name}
              </button>
              <code className="tracker-rule" title={tracker.rule}>
                {tracker.rule}
              </code>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove tracker ${tracker.name}`}
                disabled={pending}
                onClick={() => void apply(trackers.filter((t) => t.name !== tracker.name))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <label className="inline-field">
        <input
          type="checkbox"
          role="switch"
          checked={compare}
          onChange={(event) => onCompare(event.target.checked)}
        />
        <span>Compare trackers (share of voice)</span>
      </label>
      <form className="tracker-form" onSubmit={onSubmit} noValidate>
        <div className="field-grid">
          <TextField
            id="tracker-name"
            label="Name"
            value={name}
            maxLength={32}
            placeholder="eth"
            onChange={(value) => {
              setName(value);
              setError(null);
            }}
          />
          <TextField
            id="tracker-rule"
            label="Rule"
            className="grow"
            value={rule}
            maxLength={512}
            placeholder="#eth OR ether"
            invalid={error?.kind === 'rule'}
            describedBy={error ? ERROR_ID : 'tracker-hint'}
            onChange={(value) => {
              setRule(value);
              setError(null);
            }}
          />
        </div>
        <div className="control-row">
          <button type="submit" disabled={pending || full}>
            Add tracker
          </button>
        </div>
        {error?.kind === 'rule' && <RuleErrorMessage id={ERROR_ID} keyword={error.text} rule={error.rule} />}
        {error?.kind === 'other' && <ErrorText id={ERROR_ID} message={error.message} />}
        <p className="hint" id="tracker-hint">
          {full
            ? `At most ${MAX_TRACKERS} trackers: remove one to add another.`
            : 'Names: letters, digits, - and _. Rules as for track keywords; live, each tracker is one X stream rule.'}
        </p>
      </form>
    </section>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  maxLength: number;
  placeholder: string;
  className?: string;
  invalid?: boolean;
  describedBy?: string;
  onChange: (value: string) => void;
}

/** A labelled text box for a name or a rule: no autocompletion or spell checking, which would only get in the way. */
function TextField(props: TextFieldProps) {
  return (
    <div className={props.className ? `field ${props.className}` : 'field'}>
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="text"
        value={props.value}
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={props.invalid}
        aria-describedby={props.describedBy}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </div>
  );
}
