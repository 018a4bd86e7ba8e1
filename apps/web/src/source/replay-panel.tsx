import { useState } from 'react';
import type { ReplaySpeed, SourceStatus } from '@tagstream/protocol';
import { dashboardApi } from '../api/dashboard-api.ts';
import { ErrorText } from '../shared/error-text.tsx';
import { useAsyncAction } from '../shared/use-async-action.ts';
import { PauseResumeButton } from './pause-resume-button.tsx';
import { RecordingPicker } from './recording-picker.tsx';
import { RecordingUpload } from './recording-upload.tsx';
import { ReplayProgress } from './replay-progress.tsx';
import { SpeedSelect } from './speed-select.tsx';
import { useRecordings } from './use-recordings.ts';

type ReplayStatus = NonNullable<SourceStatus['replay']>;

/** Replay controls: the running replay's progress, pause and speed; starting another; uploading one. */
export function ReplayPanel({ replay }: { replay: ReplayStatus | null }) {
  const { recordings, error: listError, reload } = useRecordings();
  const { run, pending, error } = useAsyncAction();
  const [chosen, setChosen] = useState('');
  const [loop, setLoop] = useState(replay?.loop ?? true);

  // The speed follows the server's when it changes (another dashboard, the CLI) and is ours otherwise.
  const serverSpeed = replay?.speed ?? null;
  const [speed, setSpeed] = useState<ReplaySpeed>(serverSpeed ?? 10);
  const [seenServerSpeed, setSeenServerSpeed] = useState(serverSpeed);
  if (serverSpeed !== seenServerSpeed) {
    setSeenServerSpeed(serverSpeed);
    if (serverSpeed !== null) setSpeed(serverSpeed);
  }

  // The running replay's file when it is in the folder (status may give a path), else the first one.
  const runningName = replay?.files[0]?.split(/[\\/]/).pop() ?? '';
  // A name only counts once the folder lists it (an upload is chosen as soon as the list is re-read).
  const listed = (name: string) => recordings?.some((recording) => recording.name === name) ?? false;
  const running = listed(runningName) ? runningName : '';
  const file = (listed(chosen) ? chosen : '') || running || recordings?.[0]?.name || '';
  const changeSpeed = (next: ReplaySpeed) => {
    setSpeed(next);
    if (replay) void run(() => dashboardApi.setReplaySpeed(next));
  };
  const start = () => void run(() => dashboardApi.startReplay({ file, speed, loop }));

  return (
    <div className="replay-panel">
      {replay && <ReplayProgress replay={replay} />}
      <div className="control-row">
        {replay && <PauseResumeButton paused={replay.paused} run={run} pending={pending} />}
        <SpeedSelect speed={speed} disabled={pending} onChange={changeSpeed} />
        <label className="inline-field">
          <input type="checkbox" checked={loop} onChange={(event) => setLoop(event.target.checked)} />
          <span>Loop</span>
        </label>
      </div>
      <div className="control-row">
        <RecordingPicker recordings={recordings} value={file} onChange={setChosen} />
        <button type="button" onClick={start} disabled={pending || file === ''}>
          Start replay
        </button>
      </div>
      <ErrorText message={error ?? listError} />
      <RecordingUpload
        onUploaded={(name) => {
          setChosen(name);
          reload();
        }}
      />
    </div>
  );
}
