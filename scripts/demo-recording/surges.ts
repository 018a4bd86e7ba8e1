/**
 * The trends of the demo recording: tags that surge and fade at planned times, so that a
 * top-10 chart over a 20 s window keeps changing. Times are minutes of a 30-minute plan;
 * a recording of another length stretches or squeezes the plan proportionally.
 */
import type { Lang } from './lexicon.ts';

/** The length of the plan the times below refer to. */
export const PLAN_MINUTES = 30;

export type SurgeShape =
  /** Fast rise, short plateau, fade (a goal clip going round). */
  | 'spike'
  /** Jumps at once, then decays (breaking news, an earthquake). */
  | 'shock'
  /** Slow raised-cosine rise and fall, peaking mid-window. */
  | 'swell'
  /** Keeps building to a peak near the end of the window. */
  | 'crescendo';

/** A hashtag with its surface forms (the first is the dominant one) and their weights. */
export interface TagForms {
  forms: readonly (readonly [string, number])[];
}

export interface Companion extends TagForms {
  /** Chance that a surge tweet also carries this tag. */
  p: number;
}

export interface Surge {
  /** The dominant surface form, also the surge's name. */
  tag: string;
  /** `tag` NFC lower-cased: the key a counter uses. */
  key: string;
  /** Planned window in plan minutes, [start, end): the per-minute count peaks in here. */
  window: readonly [number, number];
  shape: SurgeShape;
  /** Extra tweets per second carrying the tag at the surge's peak. */
  peakRate: number;
  langs: readonly (readonly [Lang, number])[];
  main: TagForms;
  companions: readonly Companion[];
  phrases: Partial<Record<Lang, readonly string[]>>;
  /** One line for samples/README.md. */
  story: string;
}

function surge(s: Omit<Surge, 'key'>): Surge {
  return { ...s, key: s.tag.normalize('NFC').toLowerCase() };
}

export const SURGES: readonly Surge[] = [
  surge({
    tag: 'новости',
    window: [1, 4],
    shape: 'swell',
    peakRate: 3,
    langs: [['ru', 1]],
    main: {
      forms: [
        ['новости', 0.85],
        ['Новости', 0.12],
        ['НОВОСТИ', 0.03],
      ],
    },
    companions: [{ forms: [['Москва', 1]], p: 0.3 }],
    phrases: {
      ru: [
        'Главные новости утра',
        'Срочные новости',
        'Подробности в нашем канале',
        'Следите за обновлениями',
      ],
    },
    story: 'Russian news roundup (Cyrillic), a gentle hump',
  }),
  surge({
    tag: 'GoalOfTheMonth',
    window: [4, 7],
    shape: 'spike',
    peakRate: 8,
    langs: [
      ['en', 0.7],
      ['es', 0.2],
      ['pt', 0.1],
    ],
    main: {
      forms: [
        ['GoalOfTheMonth', 0.85],
        ['goalofthemonth', 0.1],
        ['GOALOFTHEMONTH', 0.05],
      ],
    },
    companions: [
      { forms: [['MOTD', 1]], p: 0.3 },
      { forms: [['PremierLeague', 1]], p: 0.2 },
    ],
    phrases: {
      en: [
        'What a strike',
        'Top bins from 30 yards',
        'That has to win it',
        'Vote now, this is outrageous',
        'Played it back ten times',
      ],
      es: ['Qué golazo', 'Golazo de otro planeta', 'Candidato al gol del mes'],
      pt: ['Que golaço', 'Gol do mês sem dúvida'],
    },
    story: 'a goal clip goes round: sharp rise, short plateau, fade',
  }),
  surge({
    tag: '케이팝',
    window: [8, 11],
    shape: 'swell',
    peakRate: 4,
    langs: [
      ['ko', 0.6],
      ['en', 0.3],
      ['ja', 0.1],
    ],
    main: { forms: [['케이팝', 1]] },
    companions: [
      {
        forms: [
          ['KPOP', 0.6],
          ['kpop', 0.3],
          ['Kpop', 0.1],
        ],
        p: 0.5,
      },
      { forms: [['컴백', 1]], p: 0.4 },
    ],
    phrases: {
      ko: ['컴백 무대 미쳤다', '뮤비 공개됐어요', '이번 앨범 최고', '스밍 달리자'],
      en: ['The comeback stage is insane', 'MV is out now', 'Streaming party starts now'],
      ja: ['カムバ最高', 'MV公開きた'],
    },
    story: 'a K-pop comeback (Hangul)',
  }),
  surge({
    tag: 'Ether',
    window: [8, 22],
    shape: 'swell',
    peakRate: 4,
    langs: [
      ['en', 0.7],
      ['es', 0.08],
      ['ja', 0.06],
      ['ko', 0.06],
      ['ru', 0.05],
      ['pt', 0.05],
    ],
    main: {
      forms: [
        ['Ether', 0.8],
        ['ether', 0.12],
        ['ETHER', 0.08],
      ],
    },
    companions: [
      {
        forms: [
          ['ETH', 0.85],
          ['eth', 0.15],
        ],
        p: 0.6,
      },
      { forms: [['crypto', 1]], p: 0.2 },
      { forms: [['Bitcoin', 1]], p: 0.1 },
    ],
    phrases: {
      en: [
        'ETH just broke through resistance',
        'Gas fees are climbing again',
        'Ether looking strong today',
        'Is this the breakout?',
        'Not financial advice but wow',
      ],
      es: ['El ether no para de subir'],
      ja: ['イーサリアム上がってる'],
      ko: ['이더리움 급등'],
      ru: ['Эфир растёт'],
      pt: ['Ether disparando'],
    },
    story: '#Ether (with #ETH on 60% of them) rises slowly through the middle and fades',
  }),
  surge({
    tag: '地震',
    window: [11, 14],
    shape: 'shock',
    peakRate: 10,
    langs: [
      ['ja', 0.85],
      ['en', 0.15],
    ],
    main: { forms: [['地震', 1]] },
    companions: [
      { forms: [['東京', 1]], p: 0.3 },
      { forms: [['震度4', 1]], p: 0.25 },
    ],
    phrases: {
      ja: [
        '揺れた',
        '結構揺れたけど大丈夫？',
        '震度4だって',
        '落ち着いて行動しましょう',
        '東京でも揺れました',
      ],
      en: ['Earthquake felt in Tokyo just now', 'Strong shaking reported in Kanto'],
    },
    story: 'an earthquake is felt in Tokyo: jumps at once, decays (Japanese, some with fullwidth ＃)',
  }),
  surge({
    tag: 'ElClásico',
    window: [13, 16],
    shape: 'swell',
    peakRate: 5,
    langs: [
      ['es', 0.8],
      ['en', 0.1],
      ['pt', 0.1],
    ],
    main: {
      forms: [
        ['ElClásico', 0.85],
        ['elclásico', 0.1],
        ['ELCLÁSICO', 0.05],
      ],
    },
    companions: [
      {
        forms: [
          ['Fútbol', 0.8],
          ['fútbol', 0.15],
          ['FÚTBOL', 0.05],
        ],
        p: 0.5,
      },
      { forms: [['LaLiga', 1]], p: 0.3 },
    ],
    phrases: {
      es: ['Qué partidazo', 'Vaya primera parte', 'Penalti clarísimo', 'Esto es fútbol de verdad'],
      en: ['What a first half', 'This game is unreal'],
      pt: ['Que clássico'],
    },
    story: 'a football classic (Spanish with accents; a few tags in decomposed NFD form)',
  }),
  surge({
    tag: 'BreakingNews',
    window: [17, 20],
    shape: 'shock',
    peakRate: 14,
    langs: [
      ['en', 0.75],
      ['ar', 0.1],
      ['es', 0.08],
      ['ru', 0.04],
      ['fr', 0.03],
    ],
    main: {
      forms: [
        ['BreakingNews', 0.85],
        ['breakingnews', 0.1],
        ['BREAKINGNEWS', 0.05],
      ],
    },
    companions: [
      { forms: [['news', 1]], p: 0.3 },
      {
        forms: [
          ['outage', 0.7],
          ['Outage', 0.3],
        ],
        p: 0.35,
      },
    ],
    phrases: {
      en: [
        'Reports coming in of a major outage across several cloud providers',
        'Developing story, more soon',
        'Officials to give a statement within the hour',
        'Confirmed by multiple outlets',
        'Live updates here',
      ],
      ar: ['عاجل: انقطاع واسع في الخدمات', 'متابعة مستمرة'],
      es: ['Última hora: caída masiva de servicios'],
      ru: ['Срочно: массовый сбой сервисов'],
      fr: ['Dernière minute : panne géante'],
    },
    story: 'a big outage is reported: the largest, fastest burst, gone within three minutes',
  }),
  surge({
    tag: 'क्रिकेट',
    window: [20, 24],
    shape: 'swell',
    peakRate: 6,
    langs: [
      ['hi', 0.7],
      ['en', 0.3],
    ],
    main: { forms: [['क्रिकेट', 1]] },
    companions: [
      {
        forms: [
          ['INDvAUS', 0.8],
          ['IndVsAus', 0.2],
        ],
        p: 0.5,
      },
      { forms: [['TeamIndia', 1]], p: 0.3 },
    ],
    phrases: {
      hi: ['क्या शानदार छक्का', 'भारत जीत की ओर', 'आखिरी ओवर का रोमांच', 'शानदार शतक'],
      en: ['What a six', 'India on top now', 'Nail-biting finish coming'],
    },
    story: 'a cricket match finish (Devanagari with combining marks)',
  }),
  surge({
    tag: 'السعودية',
    window: [22, 25],
    shape: 'swell',
    peakRate: 4,
    langs: [['ar', 1]],
    main: { forms: [['السعودية', 1]] },
    companions: [
      { forms: [['الهلال', 1]], p: 0.3 },
      { forms: [['دوري_روشن', 1]], p: 0.3 },
    ],
    phrases: { ar: ['مبروك للجميع', 'يوم تاريخي', 'فخورين بالإنجاز', 'ليلة لا تنسى'] },
    story: 'a Saudi football celebration (Arabic, right-to-left)',
  }),
  surge({
    tag: 'Eclipse2026',
    window: [25, 30],
    shape: 'crescendo',
    peakRate: 9,
    langs: [
      ['en', 0.6],
      ['es', 0.15],
      ['pt', 0.1],
      ['ja', 0.1],
      ['fr', 0.05],
    ],
    main: {
      forms: [
        ['Eclipse2026', 0.85],
        ['eclipse2026', 0.1],
        ['ECLIPSE2026', 0.05],
      ],
    },
    companions: [
      { forms: [['eclipse', 1]], p: 0.2 },
      { forms: [['NASA', 1]], p: 0.15 },
    ],
    phrases: {
      en: [
        'Totality in a few minutes',
        'Watching the livestream',
        'The corona is unreal',
        'Clouds please move',
        'Eclipse glasses on',
      ],
      es: ['El eclipse se ve increíble'],
      pt: ['Que eclipse lindo'],
      ja: ['日食きれい'],
      fr: ["L'éclipse en direct"],
    },
    story: 'an eclipse livestream builds to the very end of the recording',
  }),
];

/** Relative intensity (0..1) of a shape at position x ∈ [0, 1) of its window. */
export function shapeIntensity(shape: SurgeShape, x: number): number {
  if (x < 0 || x >= 1) return 0;
  switch (shape) {
    case 'spike':
      if (x < 0.12) return x / 0.12;
      if (x < 0.35) return 1;
      return Math.exp(-(x - 0.35) / 0.18);
    case 'shock':
      if (x < 0.015) return x / 0.015;
      return Math.exp(-x / 0.25);
    case 'swell':
      return Math.pow(Math.sin(Math.PI * x), 2);
    case 'crescendo':
      if (x < 0.9) {
        const y = x / 0.9;
        return y * y * (3 - 2 * y);
      }
      return 1 - (x - 0.9) * 0.8;
  }
}

/** Tweets per second a surge adds at plan minute `m`. */
export function surgeRate(s: Surge, m: number): number {
  const [a, b] = s.window;
  return s.peakRate * shapeIntensity(s.shape, (m - a) / (b - a));
}
