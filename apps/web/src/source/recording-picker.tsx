import { formatBytes } from '../format/bytes.ts';
import type { Recording } from './use-recordings.ts';

interface RecordingPickerProps {
  recordings: Recording[] | null;
  value: string;
  onChange: (name: string) => void;
}

/** Chooses one file of the server's recordings folder. */
export function RecordingPicker({ recordings, value, onChange }: RecordingPickerProps) {
  return (
    <label className="inline-field grow">
      <span>Recording</span>
      <select value={value} onChange={(event) => onChange(event.target.value)} disabled={!recordings?.length}>
        {recordings === null && <option value="">Loading…</option>}
        {recordings?.length === 0 && <option value="">No recordings yet</option>}
        {recordings?.map((recording) => (
          <option key={recording.name} value={recording.name}>
            {recording.name} ({formatBytes(recording.bytes)})
          </option>
        ))}
      </select>
    </label>
  );
}
