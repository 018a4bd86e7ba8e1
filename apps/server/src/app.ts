import { existsSync } from 'node:fs';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Settings, Snapshot } from '@tagstream/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './app-deps.ts';
import { registerAdminAuth } from './plugins/admin-auth.ts';
import { registerMetrics } from './plugins/metrics.ts';
import { attachSocketServer, type TagstreamIo } from './realtime/socket-server.ts';
import { controlRoutes } from './routes/control-routes.ts';
import { readRoutes } from './routes/read-routes.ts';
import { recordingRoutes } from './routes/recording-routes.ts';
import { settingsRoutes } from './routes/settings-routes.ts';
import { sourceStatus } from './routes/source-status.ts';

declare module 'fastify' {
  interface FastifyInstance {
    io: TagstreamIo;
  }
}

/**
 * The whole HTTP application as a fastify plugin that never listens (server.ts
 * does): REST API, socket.io, metrics, OpenAPI docs and the built dashboard.
 * Tests build it and call `app.inject()` or listen on port 0.
 */
export async function tagstreamApp(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Recharts and React set inline style attributes; scripts stay same-origin only.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        upgradeInsecureRequests: null,
      },
    },
    // The dashboard is often opened over plain http on a LAN or loopback.
    strictTransportSecurity: false,
  });
  await app.register(rateLimit, { global: false });
  await app.register(multipart);
  await app.register(swagger, {
    openapi: { info: { title: 'tagstream', version: '0.1.0', description: 'Live hashtag analytics API' } },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // One error handler: client errors keep their message, server errors never leak internals.
  app.setErrorHandler((err: { statusCode?: number; message: string; validation?: unknown }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return reply.code(status).send({
        statusCode: status,
        error: 'Internal Server Error',
        message: 'something went wrong on the server',
      });
    }
    return reply.code(status).send({
      statusCode: status,
      error: status === 413 ? 'Payload Too Large' : 'Bad Request',
      message: err.message,
    });
  });

  registerAdminAuth(app, deps.adminToken);

  let keywords: string[] = [];
  const snapshot = async (): Promise<Snapshot> => ({
    settings: deps.core.getSettings(),
    latest: deps.core.history.latest(),
    history: deps.core.history.recent(60),
    source: await sourceStatus(deps),
    keywords,
  });
  const { io, broadcast } = attachSocketServer(app, {
    snapshot,
    allowedOrigins: deps.allowedOrigins,
    minIntervalMs: deps.broadcastIntervalMs,
  });
  app.decorate('io', io);
  const metrics = registerMetrics(app, deps.core, () => io.engine.clientsCount);

  const offResult = deps.core.onResult((result) => {
    metrics.observeEmit(result.stats.processingMs, result.stats.processingMs);
    broadcast(result);
  });
  const offSource = deps.core.onSource((s) => io.emit('source', s));
  app.addHook('onClose', async () => {
    offResult();
    offSource();
  });
  if (deps.control) {
    const r = await deps.control.get('/track');
    if (r.status === 200) keywords = (r.body as { keywords: string[] }).keywords;
  }

  await app.register(readRoutes, deps);
  await app.register(recordingRoutes, deps);
  await app.register(settingsRoutes, {
    ...deps,
    onSettings: (s: Settings) => {
      io.emit('settings', s);
      void deps.persistSettings?.(s);
    },
  });
  await app.register(controlRoutes, {
    ...deps,
    onTrack: (k: string[]) => {
      keywords = k;
      io.emit('track', { keywords: k });
    },
    onSourceChange: () => {
      void sourceStatus(deps).then((s) => io.emit('source', s));
    },
  });

  if (deps.webDist !== null && existsSync(deps.webDist)) {
    await app.register(fastifyStatic, { root: deps.webDist, wildcard: false });
    // SPA fallback: any other GET that is not an API path gets the dashboard.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/socket.io')) {
        return reply.sendFile('index.html');
      }
      return reply
        .code(404)
        .send({ statusCode: 404, error: 'Not Found', message: `no route ${req.method} ${req.url}` });
    });
  } else {
    app.get('/', async (_req, reply) =>
      reply
        .type('text/plain')
        .send('tagstream API is running. The dashboard is not built: run `npm run build:web`.\n'),
    );
  }
}
