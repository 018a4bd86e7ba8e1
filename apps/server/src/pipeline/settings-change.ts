import type { Settings } from '@tagstream/protocol';

/** What a change of settings does, in words a user can read (the answer of `PUT /api/settings`). */
export function describeSettingsChange(patch: Partial<Settings>, settings: Settings, reset: boolean): string {
  if (reset)
    return 'batch interval changed: windows, history, rising tags and running totals start again from the next tweets';
  const parts = ['window, slide, top K and related tags apply from the next result'];
  if (patch.retweets !== undefined)
    parts.push(`retweets ${settings.retweets ? 'count' : 'are skipped'} from now on`);
  return parts.join('; ');
}
