import { extractHashtags } from './packages/tweets/src/hashtags.ts';
import { hashtagSpans } from './packages/tweets/src/extract/hashtags.ts';
import { mayLieInUrl } from './packages/tweets/src/extract/hashtag-urls.ts';
let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const pick = <T,>(a: T[]): T => a[Math.floor(rnd() * a.length)]!;
const words =
  'the a new big day live game update watch this just now today amazing love team win vote city rain coffee code 東京 café'.split(
    ' ',
  );
const tags = [
  '#news',
  '#WorldCup',
  '#AI',
  '#climate',
  '#日本',
  '#Café',
  '#1st',
  '#covid19',
  '#breaking',
  '#NBA',
  '#مصر',
  '#한국',
  '#123',
];
function tweet(urls: string[]): string {
  const p: string[] = [];
  if (rnd() < 0.2) p.push(pick(['@user', '@news_bot', 'RT @someone:']));
  while (p.join(' ').length < 95) p.push(pick(words));
  if (rnd() < 0.55)
    for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) p.splice(Math.floor(rnd() * p.length), 0, pick(tags));
  if (rnd() < 0.4) p.push(pick(urls));
  return p.join(' ') + (rnd() < 0.5 ? '.' : '');
}
const a = Array.from({ length: 20000 }, () => tweet(['https://t.co/AbC123xYz9']));
const b = Array.from({ length: 20000 }, () =>
  tweet(['https://t.co/AbC123xYz9', 'https://example.com/docs/#install']),
);
console.log(
  'triggered in b:',
  b.filter((t) => {
    const s = hashtagSpans(t);
    return s.length > 0 && mayLieInUrl(t, s);
  }).length / b.length,
);
function rate(arr: string[], f: (t: string) => unknown, ms = 1500) {
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    for (const t of arr) f(t);
    n += arr.length;
  }
  return (n / (performance.now() - t0) / 1000).toFixed(2);
}
for (let r = 0; r < 2; r++) {
  console.log(
    'no-fragment mix  extractHashtags',
    rate(a, extractHashtags),
    'M/s   spans only',
    rate(a, hashtagSpans),
    'M/s   indexOf',
    rate(a, (t) => t.indexOf('#') + t.indexOf('\uff03')),
  );
  console.log('fragment mix     extractHashtags', rate(b, extractHashtags), 'M/s');
}
