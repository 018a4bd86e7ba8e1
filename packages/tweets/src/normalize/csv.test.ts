import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRecordParser, type CsvRecordEvent } from './csv-records.ts';
import { CsvHeaderError, createCsvParser, type CsvRowResult } from './csv.ts';
import { csvSample } from './test-fixtures.ts';

function parseAll(text: string, cuts: number[] = []): CsvRowResult[] {
  const parser = createCsvParser();
  const out: CsvRowResult[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out.push(...parser.push(text.slice(from, cut)));
    from = cut;
  }
  out.push(...parser.push(text.slice(from)), ...parser.end());
  return out;
}

function records(text: string, cuts: number[], maxRecordChars?: number): CsvRecordEvent[] {
  const parser = new CsvRecordParser(maxRecordChars === undefined ? {} : { maxRecordChars });
  const out: CsvRecordEvent[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out.push(...parser.push(text.slice(from, cut)));
    from = cut;
  }
  out.push(...parser.push(text.slice(from)), ...parser.end());
  return out;
}

describe('createCsvParser', () => {
  it('reads a spreadsheet export: CRLF, quoted newline and "", mangled id, missing time', () => {
    expect(parseAll(csvSample)).toEqual([
      {
        kind: 'tweet',
        line: 2,
        tweet: {
          id: '1531923504953959106',
          time: Date.parse('2022-06-01T09:00:00.000Z'),
          text: 'Trying the new release on a Raspberry Pi #RustLang #embedded',
          retweet: false,
          author: 'pi_maker',
          lang: 'en',
        },
      },
      {
        kind: 'tweet',
        line: 3,
        tweet: {
          id: null,
          time: Date.parse('2015-03-24T18:02:11Z'),
          text: 'He said "#throwback"\r\nand then left, #tbt',
          retweet: false,
          author: 'oldtimer',
          lang: 'en',
        },
      },
      {
        kind: 'tweet',
        line: 5,
        tweet: {
          id: '1531923509147635251',
          time: Date.parse('2022-06-01T09:00:01.000Z'),
          text: 'no time column here #rustlang',
          retweet: false,
          author: 'crab_fan',
          lang: null,
        },
      },
    ]);
  });

  it('gives the same rows however the text is cut into chunks', () => {
    const whole = parseAll(csvSample);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: csvSample.length }), { maxLength: 12 }), (cuts) => {
        expect(parseAll(csvSample, cuts)).toEqual(whole);
      }),
    );
  }, 60_000); // a property run: CPU-bound, slow on a loaded machine

  it('names the columns it found when there is no text column', () => {
    expect(() => parseAll('id,created_at,body\n1,2,3\n')).toThrow(CsvHeaderError);
    expect(() => parseAll('id,created_at,body\n1,2,3\n')).toThrow(
      'CSV has no "text" column (columns found: "id", "created_at", "body")',
    );
  });

  it('finds TEXT case-insensitively, twarc2 columns, skips blank rows, flags shifted rows', () => {
    const csv =
      '\n\nID,Text,author.username,referenced_tweets.retweeted.id\n' +
      '1,hello #a,x,\n' +
      '\n' +
      '2,"RT @x: hi",y,1\n' +
      '3,unquoted, comma,z,\n' +
      '4,,z,\n';
    expect(parseAll(csv)).toEqual([
      {
        kind: 'tweet',
        line: 4,
        tweet: { id: '1', time: null, text: 'hello #a', retweet: false, author: 'x', lang: null },
      },
      { kind: 'skip', line: 5, reason: 'blank row' },
      {
        kind: 'tweet',
        line: 6,
        tweet: { id: '2', time: null, text: 'RT @x: hi', retweet: true, author: 'y', lang: null },
      },
      { kind: 'malformed', line: 7, reason: 'row has 5 fields, the header has 4' },
      { kind: 'skip', line: 8, reason: 'empty text' },
    ]);
  });

  it('reports a quote left open at the end as malformed', () => {
    expect(parseAll('text\n"never closed\nmore\n')).toEqual([
      { kind: 'malformed', line: 2, reason: 'quoted field never closed before the end of the file' },
    ]);
  });
});

describe('CsvRecordParser', () => {
  it('handles the RFC 4180 corners', () => {
    expect(records('a,"b,c","d""e",\n"x\ny",,z', []).map((r) => r.kind === 'record' && r.fields)).toEqual([
      ['a', 'b,c', 'd"e', ''],
      ['x\ny', '', 'z'],
    ]);
    expect(records('"closed"', [])).toEqual([{ kind: 'record', fields: ['closed'], line: 1 }]);
    expect(records('\ufeffa,b\n', [])).toEqual([{ kind: 'record', fields: ['a', 'b'], line: 1 }]);
  });

  it('drops an over-long record without buffering it and carries on', () => {
    const long = 'x'.repeat(5000);
    const text = `a\n"${long}\n${long}"\nb\n${','.repeat(5000)}\nc\n`;
    const parser = new CsvRecordParser({ maxRecordChars: 1000 });
    const out: CsvRecordEvent[] = [];
    for (let i = 0; i < text.length; i += 100) {
      out.push(...parser.push(text.slice(i, i + 100)));
      // Private field, read for the test: the buffered field never outgrows the cap.
      expect((parser as unknown as { field: string }).field.length).toBeLessThanOrEqual(1000);
    }
    out.push(...parser.end());
    expect(out).toEqual([
      { kind: 'record', fields: ['a'], line: 1 },
      { kind: 'oversized', line: 2, chars: 10002 },
      { kind: 'record', fields: ['b'], line: 4 },
      { kind: 'oversized', line: 5, chars: 5000 },
      { kind: 'record', fields: ['c'], line: 6 },
    ]);
  });
});
