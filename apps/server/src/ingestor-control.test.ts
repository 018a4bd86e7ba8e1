import { describe, expect, it } from 'vitest';
import { IngestorControl, readControlReply } from './ingestor-control.ts';

const idle = {
  kind: 'idle',
  address: 'tcp://127.0.0.1:5554',
  format: 'json',
  consumers: 1,
  linesSent: 0,
  consumersCutOff: 0,
  consumersRefused: 0,
  log: { first: 0, end: 0, bytes: 0, skipped: 0 },
  keywords: [],
  live: null,
  replay: null,
};

describe('reading the control API’s answers', () => {
  it('takes a 200 answer of the shape its route promises, extra fields and all', () => {
    const reply = readControlReply('GET /status', 200, JSON.stringify({ ...idle, later: 'field' }));
    expect(reply).toEqual({ ok: true, status: 200, body: { ...idle, later: 'field' } });
    expect(readControlReply('PUT /track', 200, '{"keywords":["ether"]}')).toMatchObject({
      ok: true,
      body: { keywords: ['ether'] },
    });
  });

  it('turns a 200 answer of another shape into a 502 that names what is wrong', () => {
    const reply = readControlReply('GET /status', 200, JSON.stringify({ ...idle, replay: { files: 'x' } }));
    expect(reply.ok).toBe(false);
    expect(reply.status).toBe(502);
    expect((reply.body as { message: string }).message).toMatch(
      /answered GET \/status with an unexpected body \(\/replay: .+\); is it the same tagstream version\?/,
    );
    expect(readControlReply('GET /track', 200, '{"keywords":"ether"}')).toMatchObject({
      ok: false,
      status: 502,
    });
  });

  it('passes refusals on as sent, and says so when an answer is not JSON', () => {
    const refused = { statusCode: 409, error: 'Conflict', message: 'no replay is running' };
    expect(readControlReply('POST /replay/pause', 409, JSON.stringify(refused))).toEqual({
      ok: false,
      status: 409,
      body: refused,
    });
    expect(readControlReply('GET /status', 200, '<html>')).toMatchObject({
      ok: false,
      status: 502,
      body: { message: 'the ingestor control API answered 200 with something that is not JSON' },
    });
  });
});

describe('the client’s types (checked by npm run typecheck)', () => {
  it('takes only the routes, methods and bodies of the contract, and types each answer', () => {
    const control = new IngestorControl('http://127.0.0.1:1/');
    // Never called: the compiler checks these lines, each `@ts-expect-error` must be an error.
    const uses = async () => {
      const status = await control.get('/status');
      if (status.ok) expect(status.body.replay?.files).toBeDefined();
      const track = await control.send('PUT', '/track', { keywords: ['#ether'] });
      if (track.ok) expect(track.body.keywords).toBeDefined();
      const change = (path: '/replay/pause' | '/replay/speed', body?: { speed: 'max' }) =>
        control.send('POST', path, body);
      void change;
      // @ts-expect-error not a route of the control API
      void control.send('POST', '/replay/rewind');
      // @ts-expect-error not the body of PUT /track
      void control.send('PUT', '/track', { words: [] });
      // @ts-expect-error a read is not a change
      void control.send('GET', '/status');
    };
    expect(typeof uses).toBe('function');
  });
});
