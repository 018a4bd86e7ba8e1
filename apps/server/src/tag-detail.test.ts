/**
 * Who and which languages drive a tag (`GET /api/tags/{tag}`), from recordings in the formats real
 * tools write: X API v2 stream lines with their authors in `includes.users` and v1.1 statuses (both
 * sent as they are, the core reads them itself), a twarc2 search page and a twarc2 CSV (read by the
 * recordings reader and sent as our ingestor sends them). Absent fields are "unknown".
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BatchResult, TagDetail } from '@tagstream/protocol';
import { readRecording } from '@tagstream/recordings';
import { toWireLine } from '@tagstream/tweets';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootServer, Cleanup, dashboard, lineSource, nextEvent, tempDir } from './testing/harness.ts';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const at = (s: number): string => new Date(T0 + s * 1000).toISOString();

/** X API v2 filtered-stream lines: authors by `author_id` in `includes.users`; one author missing, one `lang` absent. */
const v2Lines = [
  { id: '1', author: '10', lang: 'es', text: 'Probando #Ether hoy', tags: [[9, 15, 'Ether']] },
  {
    id: '2',
    author: '10',
    lang: 'es',
    text: '#ether y #BTC',
    tags: [
      [0, 6, 'ether'],
      [9, 13, 'BTC'],
    ],
  },
  { id: '3', author: '20', lang: 'en', text: '#ETHER to the moon', tags: [[0, 6, 'ETHER']] },
  { id: '4', author: '99', lang: undefined, text: '#Ether ?', tags: [[0, 6, 'Ether']] },
].map((t, i) =>
  JSON.stringify({
    data: {
      id: t.id,
      text: t.text,
      created_at: at(1 + i),
      author_id: t.author,
      ...(t.lang ? { lang: t.lang } : {}),
      entities: { hashtags: t.tags.map(([start, end, tag]) => ({ start, end, tag })) },
    },
    includes: {
      users: [
        { id: '10', username: 'ana_dev', name: 'Ana' },
        { id: '20', username: 'bo', name: 'Bo' },
      ].filter((u) => u.id === t.author),
    },
    matching_rules: [{ id: '1', tag: 'tags' }],
  }),
);

/** A v1.1 stream status. */
const v1Line = JSON.stringify({
  created_at: 'Sun Nov 22 10:00:05 +0000 2026',
  id_str: '5',
  text: '#Ether läuft',
  truncated: false,
  user: { id_str: '50', screen_name: 'carl', name: 'Carl' },
  entities: { hashtags: [{ text: 'Ether', indices: [0, 6] }] },
  lang: 'de',
});

/** A twarc2 search page (newest first), authors in `includes.users`. */
const twarcPage = {
  data: [
    { id: '7', created_at: at(7), author_id: '10', lang: 'es', text: '#Ether otra vez' },
    { id: '6', created_at: at(6), author_id: '30', lang: 'ja', text: '#Ether 最高' },
  ],
  includes: {
    users: [
      { id: '10', username: 'ana_dev', name: 'Ana' },
      { id: '30', username: 'dai', name: 'Dai' },
    ],
  },
  meta: { result_count: 2 },
};

/** A twarc2 CSV: `author.username` and `lang` columns, one row with neither. */
const twarcCsv =
  'id,created_at,author.username,lang,text\n' +
  `8,${at(8)},eve,en,#ether #BTC\n` +
  `9,${at(8.5)},,,#Ether and nobody\n`;

const cleanup = new Cleanup();
let dir: string;
beforeEach(async () => {
  dir = await tempDir(cleanup);
});
afterEach(() => cleanup.run());

async function wireLinesOf(name: string, content: string): Promise<string[]> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  const lines: string[] = [];
  for await (const e of readRecording(file)) if (e.kind === 'tweet') lines.push(toWireLine(e.tweet));
  return lines;
}

describe('GET /api/tags/{tag}: related tags, top authors and languages of the latest window', () => {
  it('counts them exactly from v2 lines, v1.1 statuses, a twarc2 page and a twarc2 CSV', async () => {
    const src = await lineSource(cleanup);
    const { url } = await bootServer(cleanup, {
      source: { host: '127.0.0.1', port: src.port },
      recordingsDir: path.join(dir, 'recordings'),
    });
    await src.connected;
    const dash = dashboard(cleanup, url);
    await nextEvent(dash, 'snapshot');
    const lines = [
      ...v2Lines,
      v1Line,
      ...(await wireLinesOf('page.json', JSON.stringify(twarcPage))),
      ...(await wireLinesOf('export.csv', twarcCsv)),
    ];
    expect(lines).toHaveLength(9);
    const batch = nextEvent(dash, 'batch');
    for (const line of lines) src.send(line);
    src.send(JSON.stringify({ watermark: at(10) }));
    const result: BatchResult = await batch;
    expect(result.top.map((e) => [e.tag, e.count, e.related])).toEqual([
      ['ether', 9, [{ tag: 'btc', count: 2 }]],
      ['btc', 2, [{ tag: 'ether', count: 2 }]],
    ]);

    const ether = (await fetch(`${url}/api/tags/%23Ether`).then((r) => r.json())) as TagDetail;
    expect(ether).toMatchObject({
      tag: 'ether',
      count: 9,
      unrecorded: 0,
      related: [{ tag: 'btc', count: 2 }],
    });
    expect(ether.authors).toEqual([
      { author: 'ana_dev', count: 3 },
      { author: 'unknown', count: 2 },
      { author: 'bo', count: 1 },
      { author: 'carl', count: 1 },
      { author: 'dai', count: 1 },
      { author: 'eve', count: 1 },
    ]);
    expect(ether.languages).toEqual([
      { lang: 'es', count: 3 },
      { lang: 'en', count: 2 },
      { lang: 'unknown', count: 2 },
      { lang: 'de', count: 1 },
      { lang: 'ja', count: 1 },
    ]);
    const btc = (await fetch(`${url}/api/tags/btc`).then((r) => r.json())) as TagDetail;
    expect(btc).toMatchObject({
      count: 2,
      related: [{ tag: 'ether', count: 2 }],
      authors: [
        { author: 'ana_dev', count: 1 },
        { author: 'eve', count: 1 },
      ],
      languages: [
        { lang: 'en', count: 1 },
        { lang: 'es', count: 1 },
      ],
    });
    // A tag never counted: nothing to list, and nothing made up.
    const none = (await fetch(`${url}/api/tags/nowhere`).then((r) => r.json())) as TagDetail;
    expect(none).toMatchObject({ count: 0, related: [], authors: [], languages: [], unrecorded: 0 });
  });
});
