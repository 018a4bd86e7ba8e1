import { existsSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import underPressure from '@fastify/under-pressure';
import type { BatchResult, Settings, Snapshot, SourceStatus } from '@tagstream/protocol';
import { systemClock } from '@tagstream/time';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './app-deps.ts';
import { registerAdminAuth } from './plugins/admin-auth.ts';
import { SharedRateStore } from './plugins/change-rate-limit.ts';
import { registerMetrics, type Metrics } from './plugins/metrics.ts';
import { attachSocketServer, type TagstreamIo } from './realtime/socket-server.ts';
import { controlRoutes } from './routes/control-routes.ts';
import { readRoutes } from './routes/read-routes.ts';
import { recordingRoutes } from './routes/recording-routes.ts';
import { settingsRoutes } from './routes/settings-routes.ts';
import { SourceStatusCache } from './routes/source-status.ts';

declare module 'fastify' {
  interface FastifyInstance {
    io: TagstreamIo;
  }
}

/**
 * The Content-Security-Policy the built dashboard satisfies: its scripts are
 * same-origin module files (vite emits no inline script), styles are same-origin
 * plus inline style attributes (React and recharts set them), images may be data:
 * or blob: URLs (the PNG export), and it talks only to its own origin (REST and
 * socket.io; CSP Level 3 `'self'` covers ws: and wss: to the same host).
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
  upgradeInsecureRequests: null,
};

/**
 * The whole HTTP application as a fastify plugin that never listens (server.ts
 * does): REST API, socket.io, metrics, OpenAPI docs and the built dashboard.
 * Tests build it and call `app.inject()` or listen on port 0.
 */
export async function tagstreamApp(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const clock = deps.clock ?? systemClock;
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // The dashboard is often opened over plain http on a LAN or loopback.
    strictTransportSecurity: false,
  });
  // Sheds load with 503 when the event loop is stuck; health and metrics still answer (see their routes).
  await app.register(underPressure, { maxEventLoopDelay: 1_000, retryAfter: 5, ...deps.underPressure });
  // One budget per client across all changing routes (see SharedRateStore).
  const store = new SharedRateStore();
  await app.register(rateLimit, {
    global: false,
    store: function SharedStore() {
      return store;
    } as unknown as NonNullable<RateLimitPluginOptions['store']>,
  });
  await app.register(multipart, { limits: { fileSize: deps.uploadLimitBytes, files: 1 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'tagstream',
        version: '0.1.0',
        description:
          'Live hashtag analytics API. Changing endpoints (PUT, POST) need `Authorization: Bearer <TAGSTREAM_ADMIN_TOKEN>` when the server has one. Results are also pushed over socket.io: `snapshot` on connect, then `batch`, `source`, `track`, `settings`.',
      },
      components: { securitySchemes: { admin: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { validatorUrl: null } });

  // One error handler: client errors keep their message, server errors never leak internals.
  app.setErrorHandler((err: { statusCode?: number; message: string }, req, reply) => {
    const status =
      err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      if (status === 503) req.log.warn({ url: req.url }, 'under pressure: request refused');
      else req.log.error({ err }, 'request failed');
      return reply.code(status).send({
        statusCode: status,
        error: STATUS_CODES[status] ?? 'Internal Server Error',
        message:
          status === 503
            ? 'the server is overloaded; try again shortly'
            : 'something went wrong on the server',
      });
    }
    return reply
      .code(status)
      .send({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: err.message });
  });

  // After the rate limiter: its hook runs first on every changing route, so token guesses are limited too.
  registerAdminAuth(app, deps.adminToken);

  const source = new SourceStatusCache(deps.core, deps.control);
  const snapshot = async (): Promise<Snapshot> => {
    const view = await source.get();
    return {
      settings: deps.core.getSettings(),
      latest: deps.core.history.latest(),
      history: deps.core.history.recent(60),
      source: view.status,
      keywords: view.keywords,
    };
  };
  const closedAt = new WeakMap<BatchResult, number>();
  let metrics: Metrics | null = null;
  const sockets = attachSocketServer(app, {
    snapshot,
    allowedOrigins: deps.allowedOrigins,
    minIntervalMs: deps.broadcastIntervalMs,
    onSent: (r) => {
      const at = closedAt.get(r);
      if (at !== undefined) metrics?.observeLag(clock.monotonic() - at);
    },
  });
  const { io } = sockets;
  app.decorate('io', io);
  metrics = registerMetrics(app, deps.core, () => io.engine.clientsCount);

  const offResult = deps.core.onResult((result, meta) => {
    closedAt.set(result, meta.closedAt);
    metrics.observeProcessing(result.stats.processingMs);
    sockets.broadcast(result);
  });

  // The `source` event: on connection changes at once, and while a replay moves, once a second.
  let lastSource = '';
  let lastKeywords = '';
  const announceSource = (status: SourceStatus): void => {
    const text = JSON.stringify(status);
    if (text === lastSource) return;
    lastSource = text;
    io.emit('source', status);
  };
  const refreshSource = async (fresh: boolean): Promise<void> => {
    const view = await source.get(fresh);
    announceSource(view.status);
    const k = JSON.stringify(view.keywords);
    if (lastKeywords !== '' && k !== lastKeywords) io.emit('track', { keywords: view.keywords });
    lastKeywords = k;
  };
  const offSource = deps.core.onSource(() => void refreshSource(true).catch(() => undefined));
  const offStream = deps.core.onStreamBegin(() => sockets.resync());
  const sourceTimer = clock.setInterval(
    () => {
      if (io.engine.clientsCount > 0) void refreshSource(false).catch(() => undefined);
    },
    deps.sourceIntervalMs ?? 1_000,
    { keepAlive: false },
  );
  app.addHook('onClose', async () => {
    clock.clearTimeout(sourceTimer);
    offResult();
    offSource();
    offStream();
  });

  await app.register(readRoutes, { ...deps, source });
  await app.register(recordingRoutes, deps);
  await app.register(settingsRoutes, {
    ...deps,
    onSettings: (s: Settings) => {
      io.emit('settings', s);
      void deps
        .persistSettings?.(s)
        .catch((err: Error) =>
          app.log.error({ err: err.message }, 'could not keep the settings for the next start'),
        );
    },
  });
  await app.register(controlRoutes, {
    ...deps,
    source,
    onTrack: (k: string[]) => {
      source.setKeywords(k);
      lastKeywords = JSON.stringify(k);
      io.emit('track', { keywords: k });
    },
    onSourceChange: announceSource,
  });

  const notFound = (method: string, url: string) => ({
    statusCode: 404,
    error: 'Not Found',
    message: `no route ${method} ${url.split('?')[0]!.slice(0, 200)}`,
  });
  if (deps.webDist !== null && existsSync(deps.webDist)) {
    await app.register(fastifyStatic, {
      root: deps.webDist,
      wildcard: false,
      // Vite's asset names carry a content hash; the page itself must be revalidated to pick up a new build.
      setHeaders: (res, file) => {
        res.header(
          'cache-control',
          /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    // SPA fallback: any other GET that is not an API path gets the dashboard.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/socket.io')) {
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      }
      return reply.code(404).send(notFound(req.method, req.url));
    });
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .type('text/plain')
        .send('tagstream API is running. The dashboard is not built: run `npm run build:web`.\n'),
    );
    app.setNotFoundHandler((req, reply) => reply.code(404).send(notFound(req.method, req.url)));
  }
}
