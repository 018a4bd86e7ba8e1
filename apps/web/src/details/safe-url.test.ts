import { describe, expect, it } from 'vitest';
import { safeExternalUrl } from './safe-url.ts';

describe('safeExternalUrl', () => {
  it('keeps http and https links', () => {
    expect(safeExternalUrl('https://x.com/i/web/status/1')).toBe('https://x.com/i/web/status/1');
    expect(safeExternalUrl('http://example.com/')).toBe('http://example.com/');
  });

  it('drops script, data and relative URLs', () => {
    expect(safeExternalUrl('javascript:alert(1)')).toBeNull();
    expect(safeExternalUrl(' JavaScript:alert(1)')).toBeNull();
    expect(safeExternalUrl('data:text/html,<script>')).toBeNull();
    expect(safeExternalUrl('/api/top')).toBeNull();
    expect(safeExternalUrl(null)).toBeNull();
  });
});
