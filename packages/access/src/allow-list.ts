import { isIP } from 'node:net';

/** A configured name or origin that cannot be one; the message names it. */
export class AllowListError extends Error {
  override name = 'AllowListError';
}

export interface AllowListOptions {
  /** The address the server listens on: an IP, a wildcard (`0.0.0.0`, `::`) or a name. */
  listenHost: string;
  /** Other names the server answers to: `dash.example.com`, or `.example.com` for it and its subdomains. */
  allowedHosts?: readonly string[];
  /** Origins of pages served elsewhere that may use the API and socket.io (`https://dash.example.com`). */
  allowedOrigins?: readonly string[];
  /** The port the server listens on, once it does (its own origins carry it). */
  port?: () => number | null;
}

/** Why a changing request from a browser is refused, or null when it is not. */
export type WriteRefusal = 'null-origin' | 'foreign-origin' | 'cross-site' | null;

/** The request headers the allow-list reads (node's lower-case names). */
export interface RequestHeaders {
  host?: string | undefined;
  origin?: string | undefined;
  'sec-fetch-site'?: string | undefined;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);
const NAME = /^\.?(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*$/;

/**
 * The one definition of "a name this server answers to" and "a page allowed to use it",
 * for the REST API, the static files and the socket.io handshake alike.
 *
 * **Hosts** (against DNS rebinding, where a foreign name is pointed at this machine so that
 * a page on it counts as same-origin): an IP literal (a rebinding page always has a name),
 * `localhost` and names under `.localhost` (browsers resolve those to loopback themselves),
 * the listening address when it is a name, and each configured name.
 *
 * **Origins** (against cross-site writes): a configured origin; the server's own, `http://`
 * and a name above that is not a bare IP, at the listening port; or, whatever the port, the
 * request's own `Host` once that passed the check above (the page came from this server,
 * perhaps through a proxy or a port mapping that keeps the `Host`).
 */
export class AllowList {
  /** The configured origins, normalized (for socket.io's CORS answers). */
  readonly origins: readonly string[];
  private readonly names: string[];
  private readonly suffixes: string[];
  private readonly port: () => number | null;

  constructor(options: AllowListOptions) {
    this.origins = (options.allowedOrigins ?? []).map(normalizeOrigin);
    const names = (options.allowedHosts ?? []).map(normalizeName);
    const listen = hostnameOf(
      options.listenHost.includes(':') && !options.listenHost.startsWith('[')
        ? `[${options.listenHost}]`
        : options.listenHost,
    );
    if (listen !== null && !WILDCARDS.has(listen)) names.push(listen);
    this.names = [...LOOPBACK_NAMES, ...names.filter((n) => !n.startsWith('.'))];
    this.suffixes = names.filter((n) => n.startsWith('.'));
    this.port = options.port ?? (() => null);
  }

  /** Whether a request with this `Host` header is for this server (a missing one cannot be a browser's). */
  hostAllowed(host: string | undefined): boolean {
    if (host === undefined) return true;
    const name = hostnameOf(host);
    if (name === null) return false;
    return isIpLiteral(name) || name === 'localhost' || name.endsWith('.localhost') || this.named(name);
  }

  /** The name in a `Host` header as the allow-list compares it (lower case, no port), or null if none. */
  hostname(host: string): string | null {
    return hostnameOf(host);
  }

  /** Whether a page at `origin` may use this server, for a request that came with `host`. */
  originAllowed(origin: string, host: string | undefined): boolean {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (this.origins.includes(url.origin)) return true;
    const name = trimDot(url.hostname);
    const port = this.port();
    if (url.protocol === 'http:' && port !== null && (url.port || '80') === String(port) && this.named(name))
      return true;
    if (host === undefined || !this.hostAllowed(host)) return false;
    const requested = authorityOf(host);
    return requested !== null && requested === `${name}${url.port ? ':' + url.port : ''}`;
  }

  /**
   * Why a changing request (PUT, POST, DELETE, PATCH) must be refused as coming from another
   * site, or null. `Origin` decides when present (browsers send it with every such request);
   * without it, `Sec-Fetch-Site` does; a request with neither is not a browser's (curl, the
   * CLI, scripts) and passes.
   */
  writeRefusal(headers: RequestHeaders): WriteRefusal {
    const { origin } = headers;
    if (origin !== undefined) {
      if (origin === 'null') return 'null-origin';
      return this.originAllowed(origin, headers.host) ? null : 'foreign-origin';
    }
    const site = headers['sec-fetch-site'];
    return site === 'cross-site' || site === 'same-site' ? 'cross-site' : null;
  }

  private named(name: string): boolean {
    return this.names.includes(name) || this.suffixes.some((s) => name === s.slice(1) || name.endsWith(s));
  }
}

function trimDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** `Example.COM.:3000` → `example.com`; `[::1]:3000` → `[::1]`; null when it is no host. */
function hostnameOf(host: string): string | null {
  try {
    const url = new URL(`http://${host}`);
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null;
    return trimDot(url.hostname) || null;
  } catch {
    return null;
  }
}

/** `Example.com:80` → `example.com`, `localhost:3000` → `localhost:3000`: name and non-default port. */
function authorityOf(host: string): string | null {
  const name = hostnameOf(host);
  if (name === null) return null;
  const port = new URL(`http://${host}`).port;
  return port ? `${name}:${port}` : name;
}

function isIpLiteral(name: string): boolean {
  return isIP(name.startsWith('[') ? name.slice(1, -1) : name) !== 0;
}

function normalizeName(raw: string): string {
  const lower = raw.trim().toLowerCase();
  const name = trimDot(lower);
  if (isIpLiteral(name) || isIP(name) === 6) return name;
  if (!NAME.test(name)) {
    throw new AllowListError(
      `not a host name: ${JSON.stringify(raw)} (give a name alone, such as dash.example.com, or .example.com for a domain and its subdomains)`,
    );
  }
  return name;
}

function normalizeOrigin(raw: string): string {
  let url: URL | null = null;
  try {
    url = new URL(raw.trim());
  } catch {
    // reported below
  }
  if (
    url === null ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.pathname !== '/' ||
    url.search ||
    url.hash ||
    url.username
  ) {
    throw new AllowListError(
      `not an origin: ${JSON.stringify(raw)} (give a scheme, a name and a port if not the default one, such as https://dash.example.com)`,
    );
  }
  return url.origin;
}
