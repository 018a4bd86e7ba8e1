import type { Settings } from '@tagstream/protocol';

/** What a settings change did, in words, for the one who asked (LiveCore.applySettings). */
export function settingsChangeMessage(
  change: { settings: Settings; reset: boolean },
  patch: Partial<Settings>,
): string {
  if (change.reset)
    return 'batch interval changed: windows, history, rising tags and running totals start again from the next tweets';
  const parts = ['window, slide, top K and related tags apply from the next result'];
  if (patch.retweets !== undefined)
    parts.push(`retweets ${change.settings.retweets ? 'count' : 'are skipped'} from now on`);
  return parts.join('; ');
}
