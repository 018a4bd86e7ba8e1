interface NumberFieldProps {
  id: string;
  label: string;
  value: string;
  step: number;
  min: number;
  max?: number;
  error: string | undefined;
  onChange: (value: string) => void;
}

/** A labelled number input with its validation message under it. */
export function NumberField({ id, label, value, step, min, max, error, onChange }: NumberFieldProps) {
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        value={value}
        step={step}
        min={min}
        max={max}
        aria-invalid={error !== undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
