export { startServer, DEFAULT_WEB_DIST, type ServerConfig } from './server.ts';
export { checkExposure, ServerConfigError } from './exposure.ts';
export { tagstreamApp } from './app.ts';
export { LiveCore } from './pipeline/live-core.ts';
export { parseTcpUrl, TcpLineSource, type TcpAddress } from './pipeline/tcp-line-source.ts';
