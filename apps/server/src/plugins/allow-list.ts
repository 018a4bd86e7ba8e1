import { AllowList } from '@tagstream/access';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** The names this server answers to and the pages that may use it: REST, static files and socket.io. */
    allowList: AllowList;
  }
}

export interface AllowListPluginOptions {
  /** The address the server listens on. */
  listenHost: string;
  /** Other names it answers to (`--allowed-host`). */
  allowedHosts: string[];
  /** Pages served elsewhere that may use it (`--origin`). */
  allowedOrigins: string[];
}

/** The one allow-list of hosts and origins (see AllowList), with the port read once the server listens. */
export default fp(
  async function allowList(app: FastifyInstance, opts: AllowListPluginOptions) {
    app.decorate(
      'allowList',
      new AllowList({
        listenHost: opts.listenHost,
        allowedHosts: opts.allowedHosts,
        allowedOrigins: opts.allowedOrigins,
        port: () => {
          const address = app.server.address();
          return typeof address === 'object' && address !== null ? address.port : null;
        },
      }),
    );
  },
  { name: 'tagstream-allow-list' },
);
