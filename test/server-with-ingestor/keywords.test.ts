import { afterEach, describe, expect, it } from 'vitest';
import { IngestorControl } from '../../apps/server/src/ingestor-control.ts';
import { KeywordsService } from '../../apps/server/src/plugins/keywords.ts';
import { Cleanup, tempDir } from '../../apps/server/src/testing/harness.ts';
import { ingestorStack } from '../support/ingestor-stack.ts';

const c = new Cleanup();
afterEach(() => c.run());

/** The service in front of a real ingestor's control API, with every announcement it makes. */
async function withIngestor() {
  const ing = await ingestorStack(c, await tempDir(c));
  const control = new IngestorControl(ing.controlUrl);
  const keywords = new KeywordsService(control);
  const announced: string[][] = [];
  keywords.on('changed', (k) => announced.push(k));
  return { keywords, control, announced };
}

describe('the keywords service', () => {
  it('has the ingestor apply a change, knows it, and announces it once', async () => {
    const { keywords, control, announced } = await withIngestor();
    expect(keywords.current()).toEqual([]);
    expect(await keywords.set(['#ether OR #btc', 'cats'])).toEqual({
      ok: true,
      value: ['#ether OR #btc', 'cats'],
    });
    expect((await control.get('/track')).body).toEqual({ keywords: ['#ether OR #btc', 'cats'] });
    expect(keywords.current()).toEqual(['#ether OR #btc', 'cats']);
    // The same keywords read back are no change.
    expect(await keywords.read()).toEqual({ ok: true, value: ['#ether OR #btc', 'cats'] });
    expect(announced).toEqual([['#ether OR #btc', 'cats']]);
  });

  it('learns a change made at the ingestor itself and announces it, but not the first keywords it learns', async () => {
    const { keywords, control, announced } = await withIngestor();
    await control.send('PUT', '/track', { keywords: ['dogs'] });
    await keywords.read();
    expect(keywords.current()).toEqual(['dogs']);
    expect(announced).toEqual([]);
    // Someone changes them on the ingestor (its own API, another server): the next read tells.
    await control.send('PUT', '/track', { keywords: ['dogs', 'cats'] });
    await keywords.read();
    expect(keywords.current()).toEqual(['dogs', 'cats']);
    expect(announced).toEqual([['dogs', 'cats']]);
  });

  it('keeps a change made while a status read was under way, rather than the older keywords that read saw', async () => {
    const { keywords, control, announced } = await withIngestor();
    await keywords.read();
    const learn = keywords.learner();
    const before = (await control.get('/track')).body as { keywords: string[] };
    await keywords.set(['newer']);
    learn(before.keywords);
    expect(keywords.current()).toEqual(['newer']);
    expect(announced).toEqual([['newer']]);
  });

  it('passes a rule error through without changing or announcing anything', async () => {
    const { keywords, announced } = await withIngestor();
    await keywords.set(['ether']);
    const r = await keywords.set(['ether', 'ok (unclosed']);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reply).toMatchObject({ status: 400, body: { rule: { index: 1 } } });
    expect(keywords.current()).toEqual(['ether']);
    expect(announced).toEqual([['ether']]);
  });

  it('says when there is no ingestor to apply keywords, and reads none', async () => {
    const keywords = new KeywordsService(null);
    expect(keywords.available).toBe(false);
    expect(await keywords.read()).toEqual({ ok: true, value: [] });
  });
});
