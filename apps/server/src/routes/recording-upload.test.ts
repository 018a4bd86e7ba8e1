import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { RecordingFolder, RecordingList } from '@tagstream/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { bootServer, Cleanup, lineSource, tempDir } from '../testing/harness.ts';
import { binaryReason, sniffFormat, uploadName, UploadRejected } from './recording-upload.ts';

const c = new Cleanup();
afterEach(() => c.run());

const JSONL = '{"id":"1","created_at":"2026-11-22T10:00:00.000Z","text":"hello #Ether"}\n'.repeat(20);
const CSV = 'id,created_at,text\n1,2026-11-22T10:00:00.000Z,hello #Ether\n';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** A gzip stream whose CRC does not match its data. */
function damaged(gz: Buffer): Buffer {
  const copy = Buffer.from(gz);
  copy[copy.length - 8]! ^= 0xff;
  return copy;
}

async function server(
  limits: {
    uploadLimitBytes?: number;
    uploadExpandedLimitBytes?: number;
    recordingsQuotaBytes?: number;
  } = {},
) {
  const dir = await tempDir(c);
  const recordings = path.join(dir, 'recordings');
  const src = await lineSource(c);
  const { url } = await bootServer(c, {
    source: { host: '127.0.0.1', port: src.port },
    recordingsDir: recordings,
    ...limits,
  });
  return { url, recordings };
}

async function send(url: string, name: string, data: string | Uint8Array) {
  const form = new FormData();
  form.append('file', new Blob([data]), name);
  const res = await fetch(`${url}/api/recordings`, { method: 'POST', body: form });
  return {
    status: res.status,
    body: (await res.json()) as {
      name?: string;
      message?: string;
      recordings?: RecordingList['recordings'];
      usage?: RecordingFolder['usage'];
    },
  };
}

describe('POST /api/recordings', () => {
  it('accepts JSON Lines, JSON, CSV and text, gzipped or not, and lists them', async () => {
    const { url, recordings } = await server();
    const cases: [string, string | Uint8Array][] = [
      ['a.jsonl', JSONL],
      ['b.ndjson', JSONL],
      ['c.json', `[${JSONL.trim().split('\n').join(',')}]`],
      ['d.csv', CSV],
      ['e.txt', 'just some text with #tags\nand another line\n'],
      ['f.jsonl.gz', gzipSync(JSONL)],
      ['g.csv.gz', gzipSync(CSV)],
      ['\u00e9t\u00e9 2026 (copy).jsonl', JSONL],
    ];
    for (const [name, data] of cases) {
      const r = await send(url, name, data);
      expect(r.status, `${name}: ${r.body.message}`).toBe(201);
    }
    const last = await send(url, 'h.jsonl', '\ufeff' + JSONL);
    expect(last.body.recordings!.map((r) => r.name)).toEqual([
      'a.jsonl',
      'b.ndjson',
      'c.json',
      'd.csv',
      'e.txt',
      'f.jsonl.gz',
      'g.csv.gz',
      'h.jsonl',
      'été_2026_copy_.jsonl',
    ]);
    expect(await readFile(path.join(recordings, 'f.jsonl.gz'))).toEqual(gzipSync(JSONL));
    // Nothing half-written is left behind.
    expect((await readdir(recordings)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('names a file without an extension by what its content is', async () => {
    const { url } = await server();
    expect((await send(url, 'tweets', JSONL)).body.name).toBe('tweets.jsonl');
    expect((await send(url, 'export', CSV)).body.name).toBe('export.csv');
    expect((await send(url, 'notes', 'plain #text\n')).body.name).toBe('notes.txt');
    expect((await send(url, 'dump.2026-11-01', gzipSync(JSONL))).body.name).toBe('dump.2026-11-01.jsonl');
    expect((await send(url, '..', JSONL)).body.name).toBe('recording.jsonl');
    // A gzip upload keeps its name; the ingestor recognises gzip by its bytes.
    expect((await send(url, 'packed.jsonl', gzipSync(JSONL))).status).toBe(201);
  });

  it.each<[string, string | Uint8Array, RegExp]>([
    ['image.png', PNG, /not a recording/],
    ['image.jsonl', PNG, /not a text recording: binary data/],
    ['archive.jsonl', Buffer.from('504b0304140000000800', 'hex'), /zip-compressed/],
    ['twice.jsonl.gz', gzipSync(gzipSync(JSONL)), /gzip data inside gzip data/],
    ['utf16.txt', Buffer.from('\ufeffhello #tag', 'utf16le'), /UTF-16/],
    ['notjson.jsonl', 'hello #tag\n{"id":"1"}\n', /not JSON Lines.*"hello #tag"/],
    ['notjson.json', 'id,text\n', /not JSON/],
    ['notext.csv', 'id,created_at,body\n1,x,y\n', /no "text" column/],
    ['fake.jsonl.gz', JSONL, /named \.gz but is not gzip/],
    ['empty.jsonl', '', /is empty/],
    ['blank.jsonl', '\n\n  \n', /only blank lines/],
    ['cut.jsonl.gz', gzipSync(JSONL).subarray(0, 40), /cut short/],
    ['damaged.jsonl.gz', damaged(gzipSync(JSONL)), /damaged gzip/],
  ])('refuses %s with 400 and says why', async (name, data, why) => {
    const { url, recordings } = await server();
    const r = await send(url, name, data);
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(why);
    expect(await readdir(recordings).catch(() => [])).toEqual([]);
  });

  it('refuses a gzip bomb by its decompressed size, without trusting the gzip trailer', async () => {
    // Made before the server starts: compressing 20 MiB here blocks this process's event loop, which the
    // server (in the same process) would rightly see as pressure and answer 503.
    const text = '{"id":"1","text":"#a"}\n';
    const bomb = gzipSync(text.repeat(Math.ceil((20 * 1024 * 1024) / text.length)), { level: 1 });
    const { url, recordings } = await server({ uploadExpandedLimitBytes: 1024 * 1024 });
    expect(bomb.length).toBeLessThan(200 * 1024);
    // A lying trailer (ISIZE says 100 bytes) changes nothing: the bytes are counted as they come out.
    const liar = Buffer.from(bomb);
    liar.writeUInt32LE(100, liar.length - 4);
    for (const data of [bomb, liar]) {
      const r = await send(url, 'bomb.jsonl.gz', data);
      expect(r.status).toBe(413);
      expect(r.body.message).toMatch(/expands to more than 1048576 bytes/);
    }
    expect(await readdir(recordings)).toEqual([]);
    // Under the bound it is fine.
    expect((await send(url, 'small.jsonl.gz', gzipSync(text.repeat(1000)))).status).toBe(201);
  });

  it('answers 413 past the upload size, 415 for a body that is not multipart, 400 for one without a file', async () => {
    const { url, recordings } = await server({ uploadLimitBytes: 4096 });
    const r = await send(url, 'big.jsonl', JSONL.repeat(10));
    expect(r).toMatchObject({
      status: 413,
      body: { message: expect.stringMatching(/upload limit of 4 KiB/) },
    });
    expect(await readdir(recordings)).toEqual([]);
    const notMultipart = await fetch(`${url}/api/recordings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"file":"x.jsonl"}',
    });
    expect(notMultipart.status).toBe(415);
    expect(await notMultipart.json()).toMatchObject({
      message: 'this request takes multipart/form-data, not application/json',
    });
    const noFile = new FormData();
    noFile.append('name', 'x');
    expect((await fetch(`${url}/api/recordings`, { method: 'POST', body: noFile })).status).toBe(400);
  });
});

describe('uploads a replay can use', () => {
  const MiB = 1024 * 1024;

  it('refuses a line a replay would drop, naming the line, and stores nothing', async () => {
    const { url, recordings } = await server();
    const oneLine = JSON.stringify({ id: '1', text: `#big ${'x'.repeat(10 * MiB)}` });
    const r = await send(url, 'one-line.jsonl', oneLine);
    expect(r.status).toBe(413);
    expect(r.body.message).toBe(
      'one-line.jsonl: line 1 is 10 MiB long, and a replay reads lines of at most 1 MiB; keep one tweet per line',
    );
    const middle = JSONL + `{"id":"2","text":"${'y'.repeat(MiB + 10)}"}\n` + JSONL;
    for (const [name, data] of [
      ['middle.jsonl', middle],
      ['middle.txt', middle],
      ['middle.jsonl.gz', gzipSync(middle)],
    ] as const) {
      const m = await send(url, name, data);
      expect(m.status, name).toBe(413);
      expect(m.body.message, name).toMatch(
        new RegExp(`^${name.replace(/\./g, '\\.')}: line 21 is 1 MiB long`),
      );
    }
    const csv = `id,text\n1,fine #a\n2,"${'z'.repeat(MiB + 1)}"\n`;
    expect((await send(url, 'long.csv', csv)).body.message).toMatch(/^long\.csv: line 3 is 1 MiB long/);
    expect(await readdir(recordings)).toEqual([]);
  });

  it('takes a line right at the cap, and a one-line JSON document larger than it (a replay reads documents whole)', async () => {
    const { url } = await server();
    const atCap = JSON.stringify({ id: '1', text: '#edge ' }).slice(0, -2);
    const line = `${atCap}${'e'.repeat(MiB - atCap.length - 2)}"}`;
    expect(Buffer.byteLength(line)).toBe(MiB);
    expect((await send(url, 'at-cap.jsonl', `${line}\r\n${line}\n`)).status).toBe(201);
    const doc = `[${Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: String(i), text: `#doc ${'d'.repeat(400)}` })).join(',')}]`;
    expect(doc.length).toBeGreaterThan(MiB);
    expect((await send(url, 'document.json', doc)).status).toBe(201);
  });

  it('refuses a recording with no tweet in it, as a replay would', async () => {
    const { url } = await server();
    const r = await send(url, 'notices.jsonl', '{"limit":{"track":5}}\n{"broken\n');
    expect(r.status).toBe(400);
    expect(r.body.message).toBe(
      'notices.jsonl holds no tweet to replay (2 lines: 1 malformed, 1 not tweets (notices, watermarks, empty rows))',
    );
    const header = await send(url, 'header-only.csv', 'id,text\n');
    expect(header.status).toBe(400);
    expect(header.body.message).toMatch(/^header-only\.csv holds no tweet to replay/);
  });

  it('keeps the folder within its quota (507), counting every file in it, and shows the usage', async () => {
    const { url, recordings } = await server({ recordingsQuotaBytes: 64 * 1024 });
    const listed = async () => (await (await fetch(`${url}/api/recordings`)).json()) as RecordingFolder;
    expect((await listed()).usage).toEqual({ bytes: 0, quotaBytes: 64 * 1024 });
    const first = await send(url, 'first.jsonl', JSONL.repeat(20));
    expect(first.status).toBe(201);
    const used = JSONL.length * 20;
    expect(first.body.usage).toEqual({ bytes: used, quotaBytes: 64 * 1024 });
    const tooMuch = await send(url, 'second.jsonl', JSONL.repeat(30));
    expect(tooMuch.status).toBe(507);
    expect(tooMuch.body.message).toMatch(
      /^the recordings folder is full: this upload would take it past its quota of 64 KiB \(\d+(\.\d)? KiB in use\)/,
    );
    expect((await listed()).recordings.map((r) => r.name)).toEqual(['first.jsonl']);
    expect(await readdir(recordings)).toEqual(['first.jsonl']);
    // What fits still goes in.
    expect((await send(url, 'small.jsonl', JSONL)).status).toBe(201);
    expect((await listed()).usage.bytes).toBe(used + JSONL.length);
  });
});

describe('upload checks (pure)', () => {
  it('makes safe names and refuses foreign extensions', () => {
    expect(uploadName('../../etc/passwd.jsonl')).toEqual({ stem: 'passwd', ext: 'jsonl', gz: false });
    expect(uploadName('C:\\Users\\me\\tweets.CSV.GZ')).toEqual({ stem: 'tweets', ext: 'csv', gz: true });
    expect(uploadName('.hidden.txt')).toEqual({ stem: 'hidden', ext: 'txt', gz: false });
    expect(uploadName('<script>.json').stem).toBe('script_');
    expect(uploadName('x'.repeat(300) + '.jsonl').stem.length).toBe(100);
    expect(() => uploadName('a.zip')).toThrow(UploadRejected);
    expect(() => uploadName('a.exe.gz')).toThrow(/not a recording/);
  });

  it('tells text from binary and sniffs formats', () => {
    expect(binaryReason(Buffer.from(JSONL))).toBeNull();
    expect(binaryReason(Buffer.from('caf\u00e9 #tag'.repeat(50)))).toBeNull();
    expect(binaryReason(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2]))).toMatch(/zstd/);
    expect(binaryReason(Buffer.from('BZh91AY&SY....'))).toMatch(/bzip2/);
    expect(binaryReason(Buffer.from('BZh is how this text starts'))).toBeNull();
    expect(sniffFormat(Buffer.from('  [{"id":"1"}]'))).toBe('json');
    expect(sniffFormat(Buffer.from('"ID","Full_Text"\n'))).toBe('csv');
    expect(sniffFormat(Buffer.from('a,b\n'))).toBe('txt');
  });
});
