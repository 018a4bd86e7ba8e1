import type { RecordingList, ReplayRequest, Settings, SettingsPatch, Track } from '@tagstream/protocol';
import { sessionTokenStore } from './admin-token-store.ts';
import { createApiClient } from './api-client.ts';
import { createTokenPrompt } from './token-prompt.ts';

/** The one question "enter the admin token", answered by `AdminTokenDialog`. */
export const adminTokenPrompt = createTokenPrompt();

// `fetch` is wrapped so it is looked up at call time and keeps `window` as its receiver.
const api = createApiClient({
  fetch: (input, init) => fetch(input, init),
  tokens: sessionTokenStore,
  prompt: adminTokenPrompt,
});

/** One sample tweet of `GET /api/tags/:tag`. Not in `@tagstream/protocol` yet. */
export interface TagSample {
  id: string | null;
  text: string;
  author?: string | null;
  time: string | null;
  url?: string | null;
}

/** `GET /api/tags/:tag`: recent samples and the tag's count per batch over the retained history. */
export interface TagDetails {
  tag: string;
  display: string;
  samples: TagSample[];
  series: Array<{ start: string; end: string; count: number }>;
}

export type ReplaySpeed = number | 'max';

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
  tagDetails: (tag: string, signal?: AbortSignal) =>
    api.get<TagDetails>(`/api/tags/${encodeURIComponent(tag)}`, signal),
};
