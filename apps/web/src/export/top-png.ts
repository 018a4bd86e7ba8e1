import type { BatchResult } from '@tagstream/protocol';
import { formatDuration } from '../format/duration.ts';
import { formatCount } from '../format/numbers.ts';
import { formatWindowRange } from '../format/window-range.ts';
import { fitToWidth } from '../leaderboard/fit-label.ts';
import { rankChange } from '../leaderboard/rank-change.ts';
import { tagColourValue } from '../leaderboard/tag-colours.ts';
import { PNG_LAYOUT, pngSize } from './top-png-layout.ts';

export interface TopPngOptions {
  theme: 'light' | 'dark';
  /** Where the tweets came from, for the footer: "replay of demo.jsonl.gz". */
  source: string;
  now: Date;
  scale?: number;
}

/** The page's font stack: the picture shows the same glyphs the page does, in any script. */
const FONT = getComputedStyle(document.documentElement).getPropertyValue('--font-ui') || 'sans-serif';
const COLOURS = {
  light: {
    background: '#ffffff',
    text: '#1b1f24',
    muted: '#586170',
    up: '#15803d',
    down: '#b91c1c',
    new: '#6d28d9',
  },
  dark: {
    background: '#1a1f26',
    text: '#e6e9ee',
    muted: '#a0a9b6',
    up: '#4ade80',
    down: '#fca5a5',
    new: '#c4b5fd',
  },
};

/**
 * The top of a result as a PNG drawn from the data itself (title, window in tweet time, bars with their
 * labels and counts, a legend and the source), never from the chart on screen, which may be mid-animation.
 * Drawn on a canvas: the server's CSP allows no foreign image loading, and nothing here needs one.
 */
export function topToPng(result: BatchResult, options: TopPngOptions): Promise<Blob> {
  const scale = options.scale ?? 2;
  const { width, height } = pngSize(result);
  const canvas = document.createElement('canvas');
  canvas.width = width * scale;
  canvas.height = height * scale;
  const context = canvas.getContext('2d');
  if (!context) return Promise.reject(new Error('This browser cannot draw to a canvas.'));
  const colours = COLOURS[options.theme];
  const { padding, header, rowHeight, barHeight, labelWidth, countWidth } = PNG_LAYOUT;
  context.scale(scale, scale);
  context.fillStyle = colours.background;
  context.fillRect(0, 0, width, height);
  context.textBaseline = 'middle';

  context.fillStyle = colours.text;
  context.font = `600 26px ${FONT}`;
  context.fillText(`Top ${result.top.length} hashtags`, padding, padding + 16);
  const windowMs = Date.parse(result.window.end) - Date.parse(result.window.start);
  context.fillStyle = colours.muted;
  context.font = `16px ${FONT}`;
  context.fillText(
    `Window ${formatWindowRange(result.window, options.now)} (${formatDuration(windowMs)} of tweet time) · ${formatCount(result.stats.tweets)} tweets`,
    padding,
    padding + 56,
  );

  const label = `15px ${FONT}`;
  context.font = label;
  const measure = (text: string) => context.measureText(text).width;
  const barLeft = padding + labelWidth + 12;
  const barSpace = width - padding - countWidth - barLeft;
  const max = Math.max(1, ...result.top.map((entry) => entry.count));
  result.top.forEach((entry, i) => {
    const middle = padding + header + i * rowHeight + rowHeight / 2;
    context.font = label;
    context.fillStyle = colours.text;
    context.textAlign = 'right';
    context.fillText(fitToWidth(entry.display, labelWidth, measure), padding + labelWidth, middle);
    context.textAlign = 'left';
    const barWidth = Math.max(2, (entry.count / max) * barSpace);
    context.fillStyle = tagColourValue(entry.tag, options.theme);
    context.beginPath();
    context.roundRect(barLeft, middle - barHeight / 2, barWidth, barHeight, 3);
    context.fill();
    const countText = formatCount(entry.count);
    context.fillStyle = colours.text;
    context.fillText(countText, barLeft + barWidth + 8, middle);
    const change = rankChange(entry.rank, entry.prevRank);
    context.fillStyle = colours[change.kind === 'same' ? 'muted' : change.kind];
    context.fillText(change.symbol, barLeft + barWidth + 16 + measure(countText), middle);
  });

  const footerTop = padding + header + Math.max(1, result.top.length) * rowHeight + 24;
  context.font = `13px ${FONT}`;
  context.fillStyle = colours.muted;
  context.fillText(
    'Bars: tweets carrying the hashtag in the window. ▲▼ places moved since the previous window; NEW: new in the top.',
    padding,
    footerTop,
  );
  context.fillText(`Source: ${options.source} · tagstream`, padding, footerTop + 26);

  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be made.'))),
      'image/png',
    ),
  );
}
