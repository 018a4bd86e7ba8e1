import type { Preferences } from './preferences.ts';

const CHOICES: ReadonlyArray<{ value: Preferences['theme']; label: string }> = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** System, light or dark: a segmented control (radio buttons), remembered in this browser. */
export function ThemeToggle({
  theme,
  onChange,
}: {
  theme: Preferences['theme'];
  onChange: (theme: Preferences['theme']) => void;
}) {
  return (
    <fieldset className="segmented" aria-label="Theme">
      <legend className="visually-hidden">Theme</legend>
      {CHOICES.map((choice) => (
        <label key={choice.value} className={theme === choice.value ? 'checked' : undefined}>
          <input
            type="radio"
            name="theme"
            value={choice.value}
            checked={theme === choice.value}
            onChange={() => onChange(choice.value)}
          />
          {choice.label}
        </label>
      ))}
    </fieldset>
  );
}
