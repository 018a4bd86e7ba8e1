import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './app-deps.ts';
import adminAuth from './plugins/admin-auth.ts';
import core from './plugins/core.ts';
import errorHandler from './plugins/error-handler.ts';
import compress from './plugins/external/compress.ts';
import helmet from './plugins/external/helmet.ts';
import multipart from './plugins/external/multipart.ts';
import rateLimit from './plugins/external/rate-limit.ts';
import swagger from './plugins/external/swagger.ts';
import underPressure from './plugins/external/under-pressure.ts';
import keywords from './plugins/keywords.ts';
import metrics from './plugins/metrics.ts';
import settings from './plugins/settings.ts';
import source from './plugins/source.ts';
import trackers from './plugins/trackers.ts';
import webAssets from './plugins/web-assets.ts';
import realtime from './realtime/realtime.ts';
import { readRoutes } from './routes/read-routes.ts';
import { recordingRoutes } from './routes/recording-routes.ts';
import { replayRoutes } from './routes/replay-routes.ts';
import { settingsRoutes } from './routes/settings-routes.ts';
import { trackRoutes } from './routes/track-routes.ts';
import { trackersRoutes } from './routes/trackers-routes.ts';

/**
 * The whole HTTP application as a fastify plugin that never listens (server.ts
 * does): it registers the plugins and the routes, in this order, and nothing
 * else. Tests build it and call `app.inject()` or listen on port 0.
 *
 * Routes change state only through the services (settings, keywords, trackers, source);
 * the services announce each change, and the realtime plugin, which listens to
 * them and to the core, is the only one that talks to dashboards.
 */
export async function tagstreamApp(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // Third-party plugins: headers, compression, load shedding, the changing routes' budget, uploads, docs (before the routes it lists).
  await app.register(helmet);
  await app.register(compress);
  await app.register(underPressure, { overrides: deps.underPressure });
  await app.register(rateLimit, { changeRateLimit: deps.changeRateLimit });
  await app.register(multipart, { fileSizeLimit: deps.uploadLimitBytes });
  await app.register(swagger);
  await app.register(errorHandler);
  // After the rate limiter: its hook runs first on every changing route, so token guesses are limited too.
  await app.register(adminAuth, { adminToken: deps.adminToken });

  // The pipeline, and the services through which routes change what it does.
  await app.register(core, { core: deps.core });
  await app.register(keywords, { control: deps.control });
  await app.register(trackers, { control: deps.control, persist: deps.persistTrackers });
  await app.register(source, { control: deps.control });
  await app.register(settings, { persist: deps.persistSettings });
  // Listeners: dashboards (every socket.io emit), then the metrics that read them.
  await app.register(realtime, {
    allowedOrigins: deps.allowedOrigins,
    broadcastIntervalMs: deps.broadcastIntervalMs,
    sourceIntervalMs: deps.sourceIntervalMs,
    clock: deps.clock,
  });
  await app.register(metrics, { clock: deps.clock });

  await app.register(readRoutes);
  await app.register(settingsRoutes);
  await app.register(trackRoutes);
  await app.register(trackersRoutes);
  await app.register(replayRoutes);
  await app.register(recordingRoutes, {
    recordingsDir: deps.recordingsDir,
    uploadLimitBytes: deps.uploadLimitBytes,
    uploadExpandedLimitBytes: deps.uploadExpandedLimitBytes,
  });
  // Last: its fallback answers whatever no route took.
  await app.register(webAssets, { webDist: deps.webDist });
}
