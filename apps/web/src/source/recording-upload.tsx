import { useState, type DragEvent } from 'react';
import { dashboardApi } from '../api/dashboard-api.ts';
import { ErrorText } from '../shared/error-text.tsx';
import { useAsyncAction } from '../shared/use-async-action.ts';

/** Recording formats the ingestor reads (DESIGN §7), each optionally gzipped. */
const ACCEPTED = '.jsonl,.ndjson,.json,.csv,.txt,.gz';

/** Adds a recording to the server's folder, by file picker or by dropping a file on it. */
export function RecordingUpload({ onUploaded }: { onUploaded: (name: string) => void }) {
  const { run, pending, error } = useAsyncAction();
  const [dragging, setDragging] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setDone(null);
    let name = file.name;
    const uploaded = await run(async () => {
      const response = await dashboardApi.uploadRecording(file);
      // The server may rename the file (to keep it inside the folder); prefer the name it reports.
      if (
        typeof response === 'object' &&
        response !== null &&
        'name' in response &&
        typeof response.name === 'string'
      ) {
        name = response.name;
      }
    });
    if (uploaded) {
      setDone(name);
      onUploaded(name);
    }
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    void upload(event.dataTransfer.files[0]);
  };

  return (
    <div
      className={`drop-zone${dragging ? ' dragging' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <p className="drop-zone-title">Drop a recording here</p>
      <p className="hint">.jsonl, .json, .csv or .txt, optionally .gz</p>
      {/* The file input stays the real control (keyboard, screen readers); only its look is replaced. */}
      <label className={`button-like${pending ? ' disabled' : ''}`}>
        Choose a file…
        <input
          type="file"
          className="visually-hidden"
          aria-label="Upload a recording"
          accept={ACCEPTED}
          disabled={pending}
          onChange={(event) => {
            void upload(event.target.files?.[0]);
            event.target.value = '';
          }}
        />
      </label>
      {pending && <p className="hint">Uploading…</p>}
      {done && (
        <p className="hint" role="status">
          Uploaded <bdi>{done}</bdi>.
        </p>
      )}
      <ErrorText message={error} />
    </div>
  );
}
