import type {
  RecordingList,
  ReplayRequest,
  ReplaySpeed,
  Settings,
  SettingsPatch,
  TagDetail,
  Track,
  Tracker,
  Trackers,
} from '@tagstream/protocol';
import { sessionTokenStore } from './admin-token-store.ts';
import { createApiClient } from './api-client.ts';
import { createTokenPrompt } from './token-prompt.ts';
import { DEFAULT_TRACKER } from '../live/live-state.ts';

/** The one question "enter the admin token", answered by `AdminTokenDialog`. */
export const adminTokenPrompt = createTokenPrompt();

// `fetch` is wrapped so it is looked up at call time and keeps `window` as its receiver.
const api = createApiClient({
  fetch: (input, init) => fetch(input, init),
  tokens: sessionTokenStore,
  prompt: adminTokenPrompt,
});

export const dashboardApi = {
  recordings: (signal?: AbortSignal) => api.get<RecordingList>('/api/recordings', signal),
  uploadRecording(file: File) {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.send<unknown>('POST', '/api/recordings', form);
  },
  startReplay: (request: ReplayRequest) => api.send<unknown>('POST', '/api/replay', request),
  pauseReplay: () => api.send<unknown>('POST', '/api/replay/pause'),
  resumeReplay: () => api.send<unknown>('POST', '/api/replay/resume'),
  setReplaySpeed: (speed: ReplaySpeed) => api.send<unknown>('POST', '/api/replay/speed', { speed }),
  setKeywords: (keywords: string[]) => api.send<Track>('PUT', '/api/track', { keywords } satisfies Track),
  updateSettings: (patch: SettingsPatch) => api.send<Settings>('PUT', '/api/settings', patch),
  setTrackers: (trackers: Tracker[]) =>
    api.send<Trackers>('PUT', '/api/trackers', { trackers } satisfies Trackers),
  /** A tag's drill-down in a tracker (the default one counts everything). */
  tagDetails: (tag: string, tracker: string, signal?: AbortSignal) =>
    api.get<TagDetail>(
      `/api/tags/${encodeURIComponent(tag)}${tracker === DEFAULT_TRACKER ? '' : `?tracker=${encodeURIComponent(tracker)}`}`,
      signal,
    ),
};
