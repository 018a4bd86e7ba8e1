import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LostLinesBanner } from './lost-lines-banner.tsx';

const source = {
  kind: 'replay' as const,
  address: 'tcp://127.0.0.1:5554',
  connected: true,
  tweetsPerSec: 0,
  state: '',
};

describe('LostLinesBanner', () => {
  it('says how many input lines were lost, and is absent while none were', () => {
    expect(renderToStaticMarkup(createElement(LostLinesBanner, { source }))).toBe('');
    expect(renderToStaticMarkup(createElement(LostLinesBanner, { source: null }))).toBe('');
    const html = renderToStaticMarkup(createElement(LostLinesBanner, { source: { ...source, lost: 12345 } }));
    expect(html).toContain('role="status"');
    expect(html).toContain('12,345 input lines were lost.');
  });
});
