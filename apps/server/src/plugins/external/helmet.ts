import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

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

/** Security headers on every answer (@fastify/helmet), with the dashboard's CSP. */
export default fp(
  async function securityHeaders(app: FastifyInstance) {
    await app.register(helmet, {
      contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
      // The dashboard is often opened over plain http on a LAN or loopback.
      strictTransportSecurity: false,
    });
  },
  { name: 'tagstream-helmet' },
);
