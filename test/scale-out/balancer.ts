import net from 'node:net';

/**
 * A TCP load balancer for tests, as compose's in front of the web nodes: each new connection goes
 * to the first backend that accepts it, so when one node dies its dashboards' reconnections reach
 * the next. It passes bytes through untouched (WebSocket upgrades included).
 */
export class Balancer {
  /** The backend (index in `backends`) each connection went to, in order. */
  readonly routed: number[] = [];
  private readonly server: net.Server;
  private readonly open = new Set<net.Socket>();
  private held: net.Socket[] | null = null;

  private constructor(private readonly backends: { host: string; port: number }[]) {
    this.server = net.createServer((client) => {
      if (this.held !== null) this.held.push(client.pause());
      else this.route(client, 0);
    });
  }

  /** New connections wait (as behind a balancer that has not yet noticed a node is gone) until `release`. */
  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const client of held) this.route(client, 0);
  }

  static async start(urls: string[]): Promise<{ balancer: Balancer; url: string }> {
    const balancer = new Balancer(
      urls.map((u) => {
        const { hostname, port } = new URL(u);
        return { host: hostname, port: Number(port) };
      }),
    );
    await new Promise<void>((resolve) => balancer.server.listen(0, '127.0.0.1', resolve));
    const { port } = balancer.server.address() as net.AddressInfo;
    return { balancer, url: `http://127.0.0.1:${port}` };
  }

  async stop(): Promise<void> {
    for (const s of [...this.open, ...(this.held ?? [])]) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private route(client: net.Socket, from: number): void {
    if (from >= this.backends.length) {
      client.destroy();
      return;
    }
    client.pause();
    const upstream = net.connect(this.backends[from]!);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      this.routed.push(from);
      this.open.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      client.resume();
      const close = (): void => {
        client.destroy();
        upstream.destroy();
        this.open.delete(client);
        this.open.delete(upstream);
      };
      client.once('close', close).on('error', close);
      upstream.once('close', close).on('error', close);
    });
    // Refused: that node is down, try the next.
    upstream.once('error', () => {
      if (!connected) this.route(client, from + 1);
    });
  }
}
