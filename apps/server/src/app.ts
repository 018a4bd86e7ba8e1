import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './app-deps.ts';
import adminAuth from './plugins/admin-auth.ts';
import allowList from './plugins/allow-list.ts';
import core from './plugins/core.ts';
import errorHandler from './plugins/error-handler.ts';
import compress from './plugins/external/compress.ts';
import helmet from './plugins/external/helmet.ts';
import multipart from './plugins/external/multipart.ts';
import rateLimit from './plugins/external/rate-limit.ts';
import swagger from './plugins/external/swagger.ts';
import underPressure from './plugins/external/under-pressure.ts';
import failedAuth from './plugins/failed-auth-throttle.ts';
import hostCheck from './plugins/host-check.ts';
import jsonBodies from './plugins/json-bodies.ts';
import keywords from './plugins/keywords.ts';
import metrics from './plugins/metrics.ts';
import sameOriginWrites from './plugins/same-origin-writes.ts';
import settings from './plugins/settings.ts';
import source from './plugins/source.ts';
import strictBodies from './plugins/strict-bodies.ts';
import webAssets from './plugins/web-assets.ts';
import realtime from './realtime/realtime.ts';
import { readRoutes } from './routes/read-routes.ts';
import { recordingRoutes } from './routes/recording-routes.ts';
import { replayRoutes } from './routes/replay-routes.ts';
import { settingsRoutes } from './routes/settings-routes.ts';
import { trackRoutes } from './routes/track-routes.ts';

/**
 * The whole HTTP application as a fastify plugin that never listens (server.ts
 * does): it registers the plugins and the routes, in this order, and nothing
 * else. Tests build it and call `app.inject()` or listen on port 0.
 *
 * Routes change state only through the services (settings, keywords, source);
 * the services announce each change, and the realtime plugin, which listens to
 * them and to the core, is the only one that talks to dashboards.
 */
export async function tagstreamApp(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // Third-party plugins: headers, compression, load shedding.
  await app.register(helmet);
  await app.register(compress);
  await app.register(underPressure, { overrides: deps.underPressure });
  // Who may ask, on every path: a name this server answers to (DNS rebinding), changes from its own
  // pages only, JSON bodies only on the JSON routes, validated as written.
  await app.register(allowList, {
    listenHost: deps.listenHost ?? '127.0.0.1',
    allowedHosts: deps.allowedHosts ?? [],
    allowedOrigins: deps.allowedOrigins,
  });
  await app.register(hostCheck);
  await app.register(sameOriginWrites);
  await app.register(jsonBodies);
  await app.register(strictBodies);
  // The admin's budget of changes (checked after the token), uploads, docs (before the routes it lists).
  await app.register(rateLimit, { changeRateLimit: deps.changeRateLimit });
  await app.register(multipart, { fileSizeLimit: deps.uploadLimitBytes });
  await app.register(swagger);
  await app.register(errorHandler);
  // Authentication first, then budgets: wrong tokens spend a budget of their own, never the admin's.
  await app.register(failedAuth, deps.failedAuth ?? {});
  await app.register(adminAuth, { adminToken: deps.adminToken });

  // The pipeline, and the services through which routes change what it does.
  await app.register(core, { core: deps.core });
  await app.register(keywords, { control: deps.control });
  await app.register(source, { control: deps.control });
  await app.register(settings, { persist: deps.persistSettings });
  // Listeners: dashboards (every socket.io emit), then the metrics that read them.
  await app.register(realtime, {
    broadcastIntervalMs: deps.broadcastIntervalMs,
    sourceIntervalMs: deps.sourceIntervalMs,
    clock: deps.clock,
  });
  await app.register(metrics, { clock: deps.clock });

  await app.register(readRoutes);
  await app.register(settingsRoutes);
  await app.register(trackRoutes);
  await app.register(replayRoutes);
  await app.register(recordingRoutes, {
    recordingsDir: deps.recordingsDir,
    uploadLimitBytes: deps.uploadLimitBytes,
    uploadExpandedLimitBytes: deps.uploadExpandedLimitBytes,
    quotaBytes: deps.recordingsQuotaBytes,
  });
  // Last: its fallback answers whatever no route took.
  await app.register(webAssets, { webDist: deps.webDist });
}
