/** Thrown when the configuration would be unsafe or cannot work; the CLI prints the message and exits 2. */
export class ServerConfigError extends Error {
  override name = 'ServerConfigError';
}

/** DESIGN.md §6: never expose changing endpoints beyond this machine without a token. */
export function checkExposure(host: string, adminToken: string | undefined): void {
  const loopback = host === '127.0.0.1' || host === '::1' || host === 'localhost' || host.startsWith('127.');
  if (!loopback && !adminToken) {
    throw new ServerConfigError(
      `refusing to listen on ${host} without TAGSTREAM_ADMIN_TOKEN: anyone on the network could change the source. Set the token or use 127.0.0.1.`,
    );
  }
}
