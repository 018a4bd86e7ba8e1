import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * OpenAPI built from the routes' TypeBox schemas (@fastify/swagger), browsable at
 * `/docs` (@fastify/swagger-ui). Registered before the routes, which it collects
 * as they are added.
 */
export default fp(
  async function openApiDocs(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'tagstream',
          version: '0.1.0',
          description:
            'Live hashtag analytics API. Changing endpoints (PUT, POST) need `Authorization: Bearer <TAGSTREAM_ADMIN_TOKEN>` when the server has one. Results are also pushed over socket.io: `snapshot` on connect, then `batch` (of the tracker a dashboard watches: handshake `auth: {tracker, compare}` or a `watch` event), `voice` (share of voice, while comparing), `source`, `track`, `settings`, `trackers`.',
        },
        components: { securitySchemes: { admin: { type: 'http', scheme: 'bearer' } } },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { validatorUrl: null } });
  },
  { name: 'tagstream-swagger' },
);
