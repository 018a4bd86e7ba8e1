import { EventEmitter } from 'node:events';
import type { Settings, SettingsChange, SettingsPatch } from '@tagstream/protocol';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { LiveCore } from '../pipeline/live-core.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The counting settings: read and changed here, announced from here. */
    settings: SettingsService;
  }
}

export interface SettingsServiceOptions {
  core: LiveCore;
  /** Keeps changed settings for the next start. */
  persist?: ((settings: Settings) => Promise<void>) | undefined;
  logger: FastifyBaseLogger;
}

/**
 * The counting settings (DESIGN.md §6: batch, window, slide, top K, retweets).
 * The core applies them; this service is how the API changes them, keeps them
 * for the next start, and announces each change as `changed` (the realtime
 * plugin passes it on to dashboards as `settings`).
 */
export class SettingsService extends EventEmitter<{ changed: [settings: Settings] }> {
  constructor(private readonly opts: SettingsServiceOptions) {
    super();
  }

  get(): Settings {
    return this.opts.core.getSettings();
  }

  /**
   * Applies a change live and says what it did in words a user can read. Throws
   * the core's CounterOptionsError for a combination that cannot work.
   */
  apply(patch: SettingsPatch): SettingsChange {
    const r = this.opts.core.applySettings(patch);
    this.emit('changed', r.settings);
    void this.opts
      .persist?.(r.settings)
      .catch((err: Error) =>
        this.opts.logger.error({ err: err.message }, 'could not keep the settings for the next start'),
      );
    return { ...r.settings, reset: r.reset, message: r.message };
  }
}

export default fp(
  async function settings(
    app: FastifyInstance,
    opts: { persist?: ((settings: Settings) => Promise<void>) | undefined },
  ) {
    app.decorate('settings', new SettingsService({ core: app.core, persist: opts.persist, logger: app.log }));
  },
  { name: 'tagstream-settings', dependencies: ['tagstream-core'] },
);
