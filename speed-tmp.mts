import { createRequire } from 'node:module';
import { extractHashtags, extractMentions, extractCashtags } from './packages/tweets/src/hashtags.ts';
const tt = createRequire(import.meta.url)('twitter-text');
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
const urls = process.env.WORST
  ? [
      'https://t.co/AbC123xYz9',
      'https://example.com/path/to/page',
      'https://example.com/docs/#install',
      'www.site.org/#b',
      'bit.ly/3xYz',
    ]
  : [
      'https://t.co/AbC123xYz9',
      'https://t.co/Qw3rTy9',
      'https://t.co/Zx81kLm',
      'https://t.co/pLm0Nb2',
      'https://t.co/Hh7Yt5r',
      'https://t.co/Kk2Jj3L',
      'https://t.co/Mn4Bv6C',
      'https://t.co/Xx9Zz8Y',
      'https://example.com/path/to/page',
      'https://example.com/docs/#install',
    ];
function tweet(): string {
  const p: string[] = [];
  if (rnd() < 0.2) p.push(pick(['@user', '@news_bot', 'RT @someone:']));
  while (p.join(' ').length < 95) p.push(pick(words));
  if (rnd() < 0.55)
    for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) p.splice(Math.floor(rnd() * p.length), 0, pick(tags));
  if (rnd() < 0.4) p.push(pick(urls));
  if (rnd() < 0.05) p.push('$BTC');
  return p.join(' ') + (rnd() < 0.5 ? '.' : '');
}
const tweets = Array.from({ length: 20000 }, tweet);
const avg = tweets.reduce((s, t) => s + t.length, 0) / tweets.length;
let diff = 0;
for (const t of tweets)
  if (JSON.stringify(extractHashtags(t)) !== JSON.stringify(tt.extractHashtags(t))) diff++;
console.log(
  `tweets: ${tweets.length}, avg ${avg.toFixed(0)} chars, ${((100 * tweets.filter((t) => /[#＃]/.test(t)).length) / tweets.length).toFixed(0)}% with a sign, ${((100 * tweets.filter((t) => t.includes('://') || t.includes('www.') || t.includes('bit.ly')).length) / tweets.length).toFixed(0)}% with a URL, mismatches vs twitter-text: ${diff}`,
);
function rate(f: (t: string) => string[], ms: number): number {
  let n = 0;
  const t0 = performance.now();
  let k = 0;
  while (performance.now() - t0 < ms) {
    for (const t of tweets) k += f(t).length;
    n += tweets.length;
  }
  return (n / (performance.now() - t0)) * 1000;
}
for (const [name, mine, ref] of [
  ['hashtags', extractHashtags, tt.extractHashtags],
  ['mentions', extractMentions, tt.extractMentions],
  ['cashtags', extractCashtags, tt.extractCashtags],
] as const) {
  rate(mine, 300);
  rate(ref, 300);
  const a = rate(mine, 2000),
    b = rate(ref, 2000);
  console.log(
    `${name}: ours ${(a / 1e6).toFixed(2)} M tweets/s, twitter-text ${(b / 1e6).toFixed(3)} M tweets/s, x${(a / b).toFixed(0)}`,
  );
}
