import { EventEmitter } from 'node:events';
import type { Settings, SettingsChange, SettingsPatch } from '@tagstream/protocol';
import type { Keyspace, Redis } from '@tagstream/redis';
import { counterOptionsFor } from '@tagstream/stream';
import { describeSettingsChange } from '../pipeline/settings-change.ts';

/**
 * The counting settings of the scale-out mode (DESIGN.md §9): one copy, the `settings` key in
 * Redis (field `json`), which the emitter counts with and every web node shows. A node that
 * takes `PUT /api/settings` checks the change as the single process does (CounterOptionsError,
 * nothing written) and writes the whole settings; `changed` announces it.
 */
export class SharedSettings extends EventEmitter<{ changed: [settings: Settings] }> {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keyspace,
    /** Shown until the first worker has written the settings it counts with. */
    private readonly fallback: Settings,
  ) {
    super();
  }

  async get(): Promise<Settings> {
    return this.parse(await this.redis.hget(this.keys.settings, 'json'));
  }

  private parse(json: string | null): Settings {
    return json === null ? this.fallback : { ...this.fallback, ...(JSON.parse(json) as Partial<Settings>) };
  }

  /** Applies a change for every node and the emitter; throws CounterOptionsError for one that cannot work. */
  async apply(patch: SettingsPatch): Promise<SettingsChange> {
    // Compare and set: two nodes changing different settings at once both keep their change.
    for (;;) {
      const json = await this.redis.hget(this.keys.settings, 'json');
      const before = this.parse(json);
      const settings: Settings = { ...before, ...patch };
      counterOptionsFor(settings);
      const written = await this.redis.eval(
        SET_IF_UNCHANGED,
        1,
        this.keys.settings,
        json ?? '',
        JSON.stringify(settings),
      );
      if (written !== 1) continue;
      const reset = settings.batchMs !== before.batchMs;
      this.emit('changed', settings);
      return { ...settings, reset, message: describeSettingsChange(patch, settings, reset) };
    }
  }
}

/** HSET json = ARGV[2] when json is still ARGV[1] ('' for none). */
const SET_IF_UNCHANGED = `
local now = redis.call('HGET', KEYS[1], 'json')
if (now or '') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'json', ARGV[2])
return 1`;
