import { describe, expect, it } from 'vitest';
import { makeResult } from '../live/result-fixture.ts';
import { exportFileName, topToCsv } from './top-csv.ts';

describe('topToCsv', () => {
  it('writes a header and one row per entry with the window', () => {
    const csv = topToCsv(makeResult(1, [{ tag: 'ether', display: '#Ether', count: 212, prevRank: 2 }]));
    expect(csv).toBe(
      '\uFEFFrank,hashtag,tag,count,prev_rank,window_start,window_end\r\n' +
        '1,#Ether,ether,212,2,2018-03-04T10:00:00.000Z,2018-03-04T10:00:20.000Z\r\n',
    );
  });

  it('leaves prev_rank empty for a new entry', () => {
    const csv = topToCsv(makeResult(1, [{ tag: 'a', prevRank: null }]));
    expect(csv.split('\r\n')[1]).toBe('1,#a,a,10,,2018-03-04T10:00:00.000Z,2018-03-04T10:00:20.000Z');
  });

  it('quotes commas, quotes and line breaks', () => {
    const csv = topToCsv(makeResult(1, [{ tag: 'x', display: '#a,"b"\nc' }]));
    expect(csv).toContain('"#a,""b""\nc"');
  });

  it('keeps hostile text from running as a spreadsheet formula', () => {
    const csv = topToCsv(makeResult(1, [{ tag: '=cmd', display: '@SUM(A1)' }]));
    expect(csv.split('\r\n')[1]).toMatch(/^1,'@SUM\(A1\),'=cmd,/);
  });

  it('keeps scripts, RTL and emoji intact', () => {
    const display = '#مرحبا👨‍👩‍👧‍👦<script>';
    expect(topToCsv(makeResult(1, [{ tag: 'x', display }]))).toContain(display);
  });
});

describe('exportFileName', () => {
  it('is named after the window end without characters file systems dislike', () => {
    expect(exportFileName(makeResult(1, []), 'csv')).toBe('tagstream-top-2018-03-04T10-00-20Z.csv');
  });
});
