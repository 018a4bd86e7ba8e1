import { Value } from '@sinclair/typebox/value';
import { DEFAULT_TRACKER, TrackersSchema, type Tracker, type Trackers } from '@tagstream/protocol';
import { validateTrackers } from '@tagstream/tweets';
import type { Logger } from 'pino';
import { SavedJson } from './saved-json.ts';

/**
 * The trackers set through the API, kept beside the checkpoint for the next start (see
 * SavedJson), as `{"trackers": […]}`: a file that is not a list the API would accept reads as none.
 */
export class TrackersFile {
  private readonly saved: SavedJson<Trackers>;

  constructor(readonly file: string) {
    this.saved = new SavedJson(
      file,
      'trackers',
      (v): v is Trackers =>
        Value.Check(TrackersSchema, v) && validateTrackers(v.trackers, DEFAULT_TRACKER) === null,
    );
  }

  async read(logger: Logger): Promise<Tracker[]> {
    return (await this.saved.read(logger))?.trackers ?? [];
  }

  write(trackers: Tracker[]): Promise<void> {
    return this.saved.write({ trackers });
  }
}
