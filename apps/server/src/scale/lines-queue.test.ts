import { describe, expect, it } from 'vitest';
import { idBefore, queuedEntry } from './lines-queue.ts';

describe('queuedEntry', () => {
  it('sees a jump in log offsets as lines lost, and nothing else', () => {
    expect(queuedEntry('1-0', ['l', 'x', 'o', '7'], 7)).toEqual({ id: '1-0', offset: 7, gap: 0 });
    expect(queuedEntry('1-0', ['l', 'x', 'o', '10'], 7)).toEqual({ id: '1-0', offset: 10, gap: 3 });
    // The first entry from another log, an offset below the one expected, or no offset known yet: no gap.
    expect(queuedEntry('1-0', ['l', 'x', 'o', '10', 'g', 'log-2'], 7).gap).toBe(0);
    expect(queuedEntry('1-0', ['l', 'x', 'o', '0'], 7).gap).toBe(0);
    expect(queuedEntry('1-0', ['l', 'x', 'o', '10'], undefined).gap).toBe(0);
    expect(queuedEntry('1-0', ['l', 'x'], 7)).toEqual({ id: '1-0', gap: 0 });
  });
});

describe('idBefore', () => {
  it('orders stream ids by time, then sequence, as numbers', () => {
    expect(idBefore('9-0', '10-0')).toBe(true);
    expect(idBefore('10-2', '10-10')).toBe(true);
    expect(idBefore('10-10', '10-10')).toBe(false);
    expect(idBefore('11-0', '10-99')).toBe(false);
  });
});
