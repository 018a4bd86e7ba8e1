import { randomUUID } from 'node:crypto';
import type { Keyspace, Redis } from '@tagstream/redis';
import type { TimerHandle, Timers } from '@tagstream/time';
import { ControlUnreachable, type ControlAnswer, type ControlTransport } from '../ingestor-control.ts';

/** A control request on the `control` stream, and the answer published on `controlReplies`. */
export interface ControlReplyMessage extends ControlAnswer {
  id: string;
}

export interface RedisControlOptions {
  /** For XADD and the reader check. */
  redis: Redis;
  /** A connection of its own: it is put in subscriber mode for the answers. */
  subscriber: Redis;
  keys: Keyspace;
  /** The longest wait for an answer, whatever the caller allows (tests shorten it). */
  maxWaitMs?: number;
  clock: Timers;
}

interface Waiting {
  resolve: (a: ControlAnswer) => void;
  timer: TimerHandle;
}

/**
 * The ingestor's control API as a web node reaches it (DESIGN.md §9): each request is appended
 * to the `control` stream with an id and a deadline; the ingestor that reads it (the consumer
 * group makes it one) asks its own control API and publishes the answer under that id. No
 * ingestor reading (its key has expired) is a 502 at once; no answer by the deadline, a 504.
 * The answers come on one subscription for every request in flight.
 */
export class RedisControl implements ControlTransport {
  readonly where = 'Redis';
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly o: RedisControlOptions) {}

  async start(): Promise<void> {
    const { subscriber, keys } = this.o;
    subscriber.on('message', (channel: string, text: string) => {
      if (channel === keys.controlReplies) this.answered(text);
    });
    await subscriber.subscribe(keys.controlReplies);
  }

  stop(): void {
    for (const [id, w] of this.waiting) {
      this.o.clock.clearTimeout(w.timer);
      this.waiting.delete(id);
    }
    this.o.subscriber.disconnect();
  }

  async request(method: string, path: string, body: unknown, timeoutMs: number): Promise<ControlAnswer> {
    const { redis, keys, clock } = this.o;
    timeoutMs = Math.min(timeoutMs, this.o.maxWaitMs ?? Infinity);
    let reader: string | null;
    try {
      reader = await redis.get(keys.controlReader);
    } catch (err) {
      throw new ControlUnreachable(`Redis is unreachable: ${(err as Error).message}`);
    }
    if (reader === null)
      throw new ControlUnreachable(
        'no ingestor reads control requests on this Redis: start `tagstream ingest … --redis URL`',
      );
    const id = randomUUID();
    const answer = new Promise<ControlAnswer>((resolve, reject) => {
      const timer = clock.setTimeout(() => {
        this.waiting.delete(id);
        reject(new ControlUnreachable(`the ingestor did not answer within ${timeoutMs / 1000} s`, 504));
      }, timeoutMs);
      this.waiting.set(id, { resolve, timer });
    });
    try {
      await redis.xadd(
        keys.control,
        'MAXLEN',
        '~',
        '1000',
        '*',
        'id',
        id,
        'route',
        `${method} ${path}`,
        'body',
        body === undefined ? '' : JSON.stringify(body),
        // Past this the asker has given up: a request read later (an ingestor restarting) is dropped.
        'until',
        String(clock.now() + timeoutMs),
      );
    } catch (err) {
      const w = this.waiting.get(id);
      if (w) clock.clearTimeout(w.timer);
      this.waiting.delete(id);
      answer.catch(() => undefined);
      throw new ControlUnreachable(`Redis is unreachable: ${(err as Error).message}`);
    }
    return answer;
  }

  private answered(text: string): void {
    let reply: ControlReplyMessage;
    try {
      reply = JSON.parse(text) as ControlReplyMessage;
    } catch {
      return;
    }
    // Another node's request: each node hears every answer and keeps its own.
    const w = this.waiting.get(reply.id);
    if (w === undefined) return;
    this.waiting.delete(reply.id);
    this.o.clock.clearTimeout(w.timer);
    w.resolve({ status: reply.status, text: reply.text });
  }
}
