import { describe, expect, it } from 'vitest';
import { authorLabel, formatShare, languageLabel } from './tag-profile-format.ts';

describe('tag profile wording', () => {
  it('gives shares as whole percentages, and a sliver as <1%', () => {
    expect(formatShare(12, 32)).toBe('38%');
    expect(formatShare(32, 32)).toBe('100%');
    expect(formatShare(1, 1000)).toBe('<1%');
    expect(formatShare(0, 10)).toBe('0%');
    expect(formatShare(3, 0)).toBe('–');
  });

  it('names languages, keeps codes it cannot name, and says when none was given', () => {
    expect(languageLabel('pt')).toBe('Portuguese (pt)');
    expect(languageLabel('zh-TW')).toMatch(/Chinese.*\(zh-TW\)/);
    expect(languageLabel('und')).toBe('undetermined (und)');
    expect(languageLabel('unknown')).toBe('not given');
    expect(languageLabel('qme')).toBe('qme');
    expect(languageLabel('not a tag!')).toBe('not a tag!');
  });

  it('shows authors as handles', () => {
    expect(authorLabel('ana_dev')).toBe('@ana_dev');
    expect(authorLabel('unknown')).toBe('author not given');
  });
});
