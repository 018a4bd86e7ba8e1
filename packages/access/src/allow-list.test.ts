import { describe, expect, it } from 'vitest';
import { AllowList, AllowListError } from './allow-list.ts';

const loopback = new AllowList({ listenHost: '127.0.0.1', port: () => 3000 });

describe('AllowList: hosts', () => {
  it.each([
    ['127.0.0.1:3000', true],
    ['localhost:3000', true],
    ['LOCALHOST', true],
    ['localhost.:3000', true],
    ['app.localhost:3000', true],
    ['[::1]:3000', true],
    ['192.168.1.20:3000', true],
    ['[2001:db8::1]', true],
    [undefined, true],
    ['evil.example:3000', false],
    ['localhost.evil.example', false],
    ['127.0.0.1.nip.io:3000', false],
    ['', false],
    ['a b', false],
    ['user@localhost', false],
    ['localhost/path', false],
  ])('on loopback, Host %j → %j', (host, ok) => {
    expect(loopback.hostAllowed(host)).toBe(ok);
  });

  it('answers to the listening name and to configured names, exact or by domain', () => {
    const list = new AllowList({
      listenHost: 'box.lan',
      allowedHosts: ['Dash.Example.com', '.tagstream.test'],
    });
    for (const host of ['box.lan:3000', 'dash.example.com', 'tagstream.test', 'eu.tagstream.test:443'])
      expect(list.hostAllowed(host), host).toBe(true);
    for (const host of ['example.com', 'x.dash.example.com', 'eviltagstream.test', 'box.lan.evil.example'])
      expect(list.hostAllowed(host), host).toBe(false);
  });

  it('names a bad configured name or origin', () => {
    expect(() => new AllowList({ listenHost: '127.0.0.1', allowedHosts: ['http://x.example'] })).toThrow(
      AllowListError,
    );
    expect(() => new AllowList({ listenHost: '127.0.0.1', allowedHosts: ['x.example:80'] })).toThrow(
      /not a host name: "x\.example:80"/,
    );
    expect(() => new AllowList({ listenHost: '127.0.0.1', allowedOrigins: ['dash.example.com'] })).toThrow(
      /not an origin: "dash\.example\.com"/,
    );
    expect(
      () => new AllowList({ listenHost: '127.0.0.1', allowedOrigins: ['https://x.example/app'] }),
    ).toThrow(/not an origin/);
  });
});

describe('AllowList: origins', () => {
  it.each([
    // The server's own, by any of its names, at its port.
    ['http://127.0.0.1:3000', '127.0.0.1:3000', true],
    ['http://localhost:3000', '127.0.0.1:3000', true],
    ['http://[::1]:3000', 'localhost:3000', true],
    // The request's own Host, once allowed: a port mapping or a proxy that keeps the Host.
    ['http://localhost:8080', 'localhost:8080', true],
    ['https://127.0.0.1', '127.0.0.1', true],
    ['http://192.168.1.20:3000', '192.168.1.20:3000', true],
    // Anything else.
    ['http://localhost:5173', '127.0.0.1:3000', false],
    ['http://192.168.1.20:3000', '127.0.0.1:3000', false],
    ['http://evil.example:3000', 'evil.example:3000', false],
    ['http://evil.example', '127.0.0.1:3000', false],
    ['https://127.0.0.1:3000', '127.0.0.1:3000', true],
    ['file://', '127.0.0.1:3000', false],
    ['chrome-extension://abc', '127.0.0.1:3000', false],
    ['not a url', '127.0.0.1:3000', false],
  ])('Origin %j with Host %j → %j', (origin, host, ok) => {
    expect(loopback.originAllowed(origin, host)).toBe(ok);
  });

  it('takes configured origins whatever the Host', () => {
    const list = new AllowList({ listenHost: '127.0.0.1', allowedOrigins: ['https://Dash.Example.com/'] });
    expect(list.origins).toEqual(['https://dash.example.com']);
    expect(list.originAllowed('https://dash.example.com', '127.0.0.1:3000')).toBe(true);
    expect(list.originAllowed('http://dash.example.com', '127.0.0.1:3000')).toBe(false);
  });
});

describe('AllowList: changing requests', () => {
  it.each([
    [{ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }, null],
    [{ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }, null],
    [{ host: '127.0.0.1:3000' }, null],
    [{ host: '127.0.0.1:3000', 'sec-fetch-site': 'none' }, null],
    [{ host: '127.0.0.1:3000', origin: 'null' }, 'null-origin'],
    [{ host: '127.0.0.1:3000', origin: 'https://evil.example' }, 'foreign-origin'],
    [{ host: '127.0.0.1:3000', 'sec-fetch-site': 'cross-site' }, 'cross-site'],
    [{ host: '127.0.0.1:3000', 'sec-fetch-site': 'same-site' }, 'cross-site'],
  ])('%j → %j', (headers, refusal) => {
    expect(loopback.writeRefusal(headers)).toBe(refusal);
  });
});
