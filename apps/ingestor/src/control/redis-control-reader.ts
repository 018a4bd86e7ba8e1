import { hostname } from 'node:os';
import { connectRedis, keyspace, type Redis } from '@tagstream/redis';
import { systemClock, type TimerHandle, type Timers } from '@tagstream/time';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

export interface RedisControlReaderOptions {
  url: string;
  prefix?: string;
  /** The ingestor's control API: each request is put to it as if it came over HTTP. */
  control: Pick<FastifyInstance, 'inject'>;
  /** The control API's admin token, if it has one (see below). */
  adminToken?: string | undefined;
  /** This reader's consumer name; host and pid by default. */
  name?: string;
  /** How long the reader's key lives unless renewed: past it, web nodes answer 502 at once. */
  aliveMs?: number;
  clock?: Timers;
  logger: Logger;
}

type Entry = [id: string, fields: string[]];

function field(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

const ROUTE = /^(GET|PUT|POST) (\/[a-z/]*)$/;

/**
 * `tagstream ingest … --redis URL` takes control requests from web nodes (DESIGN.md §9): it reads
 * the `control` stream through the `ingestors` group and puts each request to its own control
 * API (`inject`: the same routes, validation and answers as over HTTP), then publishes the
 * answer under the request's id. A request past its deadline is dropped: its web node has
 * answered 504 already.
 *
 * The web node checked the admin token on its own route; a request on Redis carries none, and
 * is sent here with the ingestor's own: whoever may write to this Redis already drives the
 * pipeline (it could append lines), so Redis, not the token, is the boundary on this path.
 */
export class RedisControlReader {
  private readonly keys;
  private readonly name: string;
  private readonly clock: Timers;
  private readonly reading: Redis;
  private readonly writing: Redis;
  private running = false;
  private done: Promise<void> = Promise.resolve();
  private aliveTimer: TimerHandle | null = null;

  constructor(private readonly o: RedisControlReaderOptions) {
    this.keys = keyspace(o.prefix);
    this.name = o.name ?? `${hostname()}-${process.pid}`;
    this.clock = o.clock ?? systemClock;
    const log = o.logger.child({ part: 'redis-control' });
    const report = (state: 'up' | 'down', detail: string): void =>
      state === 'up' ? log.info(detail) : log.warn(detail);
    this.reading = connectRedis(o.url, report);
    this.writing = connectRedis(o.url);
  }

  /** Starts reading; while Redis is away it keeps trying (the key says when it reads again). */
  start(): void {
    const aliveMs = this.o.aliveMs ?? 5_000;
    this.aliveTimer = this.clock.setInterval(() => void this.alive().catch(() => undefined), aliveMs / 3, {
      keepAlive: false,
    });
    this.running = true;
    this.done = this.loop();
    this.o.logger.info('taking control requests from web nodes through Redis');
  }

  async stop(): Promise<void> {
    this.running = false;
    this.clock.clearTimeout(this.aliveTimer ?? undefined);
    this.reading.disconnect();
    await this.done;
    // Web nodes answer 502 at once rather than wait out the key (when Redis can be told).
    if (this.writing.status === 'ready')
      await this.writing.del(this.keys.controlReader).catch(() => undefined);
    this.writing.disconnect();
  }

  private async alive(): Promise<void> {
    await this.writing.set(this.keys.controlReader, this.name, 'PX', this.o.aliveMs ?? 5_000);
  }

  /** The group from new requests on (requests made while no ingestor read are not waited for). */
  private async ensureGroup(): Promise<void> {
    const { keys } = this;
    try {
      await this.writing.xgroup('CREATE', keys.control, keys.controlGroup, '$', 'MKSTREAM');
    } catch (err) {
      if (!(err as Error).message.includes('BUSYGROUP')) throw err;
    }
  }

  private async loop(): Promise<void> {
    const { keys } = this;
    let ready = false;
    let warned = false;
    while (this.running) {
      try {
        if (!ready) {
          await this.ensureGroup();
          await this.alive();
          ready = true;
          warned = false;
        }
        const reply = (await this.reading.xreadgroup(
          'GROUP',
          keys.controlGroup,
          this.name,
          'COUNT',
          10,
          'BLOCK',
          1000,
          'STREAMS',
          keys.control,
          '>',
        )) as [string, Entry[]][] | null;
        for (const [id, fields] of reply?.[0]?.[1] ?? []) {
          await this.writing.xack(keys.control, keys.controlGroup, id);
          await this.answer(fields);
        }
      } catch (err) {
        if (!this.running) break;
        if (!warned)
          this.o.logger.warn({ err: (err as Error).message }, 'cannot read control requests: retrying');
        warned = true;
        // The group is made again first: Redis may have restarted without it.
        ready = false;
        await this.clock.sleep(500);
      }
    }
  }

  private async answer(fields: string[]): Promise<void> {
    const id = field(fields, 'id');
    const route = ROUTE.exec(field(fields, 'route') ?? '');
    const until = Number(field(fields, 'until'));
    if (id === undefined) return;
    if (Number.isFinite(until) && this.clock.now() > until) {
      this.o.logger.warn({ route: field(fields, 'route') }, 'a control request past its deadline: dropped');
      return;
    }
    let status = 400;
    let text = JSON.stringify({ statusCode: 400, error: 'Bad Request', message: 'not a control request' });
    if (route !== null) {
      const body = field(fields, 'body') ?? '';
      const res = await this.o.control.inject({
        method: route[1] as 'GET' | 'PUT' | 'POST',
        url: route[2]!,
        headers: {
          ...(body !== '' ? { 'content-type': 'application/json' } : {}),
          ...(this.o.adminToken ? { authorization: `Bearer ${this.o.adminToken}` } : {}),
        },
        ...(body !== '' ? { payload: body } : {}),
      });
      status = res.statusCode;
      text = res.body;
    }
    await this.writing.publish(this.keys.controlReplies, JSON.stringify({ id, status, text }));
  }
}
