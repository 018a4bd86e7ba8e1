import { describe, expect, it } from 'vitest';
import { runTagstream } from './run-tagstream.ts';

describe.concurrent(
  'tagstream usage errors: a clear message, exit code 2, no stack trace',
  { timeout: 60_000 },
  () => {
    it.each([
      [['count', '--bogus', 'x.jsonl'], /unknown option '--bogus'/],
      [['count', 'no-such-file.jsonl'], /no-such-file\.jsonl: no such recording file/],
      [['count', 'apps'], /apps: is a directory/],
      [['count', 'samples/demo.jsonl.gz', '--batch', 'ten'], /--batch: "ten" is not a duration/],
      [
        ['count', 'samples/demo.jsonl.gz', '--batch', '10s', '--window', '15s'],
        /window \(15000 ms\) must be a multiple of the batch interval/,
      ],
      [['count', 'samples/demo.jsonl.gz', '--track', '(ether'], /--track: .*parenthes/i],
      [['count', 'tcp://nowhere'], /not a TCP address/],
      [['ingest', 'replay', 'missing.jsonl'], /no such file: missing\.jsonl/],
      [['ingest', 'replay', 'samples/demo.jsonl.gz', '--speed', 'fast'], /--speed: "fast"/],
      [['ingest', 'replay', 'samples/demo.jsonl.gz', '--format', 'xml'], /Allowed choices are json, text/],
      [['ingest', 'live', '--track', 'ether'], /X_BEARER_TOKEN/],
      [['serve', '--source', 'http://x'], /--source: not a TCP address/],
      [
        ['serve', '--host', '0.0.0.0', '--port', '0'],
        /refusing to listen on 0\.0\.0\.0 without TAGSTREAM_ADMIN_TOKEN/,
      ],
      [['serve', '--port', '0', '--recordings-quota', 'lots'], /--recordings-quota: "lots" is not a size/],
      [
        ['serve', '--port', '0', '--control', 'none', '--allowed-host', 'https://dash.example.com'],
        /not a host name: "https:\/\/dash\.example\.com"/,
      ],
      [
        ['serve', '--port', '0', '--control', 'none', '--origin', 'dash.example.com'],
        /not an origin: "dash\.example\.com"/,
      ],
      [['demo', '--file', 'nope.jsonl.gz'], /demo recording not found/],
      [['frobnicate'], /unknown command 'frobnicate'/],
    ])('tagstream %j', async (args, message) => {
      const r = await runTagstream(args, {
        env: { X_BEARER_TOKEN: '', TWITTER_BEARER_TOKEN: '', TAGSTREAM_ADMIN_TOKEN: '' },
      });
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.code).toBe(2);
    });

    it.each([
      ['--help'],
      ['count', '--help'],
      ['ingest', 'replay', '--help'],
      ['ingest', 'live', '--help'],
      ['serve', '--help'],
      ['demo', '--help'],
    ])('tagstream %s prints usage and exits 0', async (...args) => {
      const r = await runTagstream(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: tagstream/);
    });
  },
);
