import type { Page } from '@playwright/test';
import type { PageNode } from './dashboard.ts';

/** One frame where the leaderboard told the reader something false. */
export interface MotionViolation {
  frame: number;
  /**
   * `apart`: a row's label or count is not beside its bar; `unlabelled`: a bar is visible while its
   * label is not; `order`: bars stand or measure against their displayed counts (a row above shows
   * less than one below it, or a longer bar shows a smaller count).
   */
  kind: 'apart' | 'unlabelled' | 'order';
  detail: string;
}

/** What the leaderboard did over a stretch of animation frames. */
export interface MotionReport {
  frames: number;
  /** Frames in which the chart had rows. */
  framesWithRows: number;
  /** Frames in which any shown count or bar length differed from the frame before: proof it moved. */
  movingFrames: number;
  /** Most rows seen at once. */
  maxRows: number;
  /** Frames with at least one violation of each kind. */
  badFrames: Record<MotionViolation['kind'], number>;
  /** The first violations, for the failure message. */
  violations: MotionViolation[];
}

interface ProbeElement extends PageNode {
  parentElement: ProbeElement | null;
  getBoundingClientRect(): {
    x: number;
    y: number;
    width: number;
    height: number;
    right: number;
    left: number;
    top: number;
    bottom: number;
  };
}

/**
 * Samples the chart (`data-testid="leaderboard-chart"`, rows `[data-tag]` with `data-role` label, bar
 * and count inside) on every animation frame for `durationMs`, in the page, and checks each frame the
 * way a reader would: every visible bar has its label beside it and its count at its end, rows stand in
 * the order of the counts they show, and a longer bar never shows a smaller count.
 */
export async function sampleMotion(page: Page, durationMs: number): Promise<MotionReport> {
  return page.locator('body').evaluate(
    (body, duration) =>
      new Promise<MotionReport>((resolve) => {
        const doc = body.ownerDocument;
        const win = doc.defaultView;
        const report: MotionReport = {
          frames: 0,
          framesWithRows: 0,
          movingFrames: 0,
          maxRows: 0,
          badFrames: { apart: 0, unlabelled: 0, order: 0 },
          violations: [],
        };
        const opacity = (element: ProbeElement, root: ProbeElement) => {
          let value = 1;
          for (let node: ProbeElement | null = element; node; node = node.parentElement) {
            value *= Number(win.getComputedStyle(node).opacity);
            if (node === root) break;
          }
          return value;
        };
        const numberIn = (text: string | null) => {
          const match = /[\d,]+/.exec(text ?? '');
          return match ? Number(match[0].replaceAll(',', '')) : Number.NaN;
        };
        let previous = '';
        const started = win.performance.now();
        const frame = () => {
          report.frames++;
          const bad = new Set<MotionViolation['kind']>();
          const flag = (kind: MotionViolation['kind'], detail: string) => {
            bad.add(kind);
            if (report.violations.length < 20) report.violations.push({ frame: report.frames, kind, detail });
          };
          const chart = doc.querySelector('[data-testid="leaderboard-chart"]') as ProbeElement | null;
          const rows: Array<{ tag: string; count: number; top: number; centre: number; width: number }> = [];
          if (chart) {
            const area = chart.getBoundingClientRect();
            const inside = (box: { top: number; bottom: number; width: number; height: number }) =>
              box.width > 0.5 && box.height > 0.5 && box.bottom > area.top + 1 && box.top < area.bottom - 1;
            for (const row of Array.from(chart.querySelectorAll('[data-tag]')) as ProbeElement[]) {
              const tag = row.getAttribute('data-tag') ?? '';
              const bar = row.querySelector('[data-role="bar"]') as ProbeElement | null;
              if (!bar) continue;
              const barBox = bar.getBoundingClientRect();
              const barOpacity = opacity(bar, chart);
              if (barOpacity < 0.05 || !inside(barBox)) continue;
              const label = row.querySelector('[data-role="label"]') as ProbeElement | null;
              const count = row.querySelector('[data-role="count"]') as ProbeElement | null;
              const labelBox = label?.getBoundingClientRect();
              if (
                !label ||
                !labelBox ||
                !inside(labelBox) ||
                (label.textContent ?? '').trim() === '' ||
                opacity(label, chart) < barOpacity * 0.9 - 0.02
              ) {
                flag('unlabelled', `${tag}: bar at opacity ${barOpacity.toFixed(2)} without its label`);
                continue;
              }
              const barMiddle = barBox.top + barBox.height / 2;
              const labelMiddle = labelBox.top + labelBox.height / 2;
              if (
                Math.abs(labelMiddle - barMiddle) > barBox.height / 2 + 2 ||
                labelBox.right > barBox.left + 2 ||
                labelBox.right < barBox.left - 32
              ) {
                flag(
                  'apart',
                  `${tag}: label ${labelBox.left.toFixed(0)}–${labelBox.right.toFixed(0)}×${labelMiddle.toFixed(0)} vs bar ${barBox.left.toFixed(0)}×${barMiddle.toFixed(0)}`,
                );
              }
              const countBox = count?.getBoundingClientRect();
              const shown = numberIn(count?.textContent ?? null);
              if (
                !countBox ||
                Number.isNaN(shown) ||
                Math.abs(countBox.top + countBox.height / 2 - barMiddle) > barBox.height / 2 + 2 ||
                countBox.left < barBox.right - 2 ||
                countBox.left > barBox.right + 32
              ) {
                flag('apart', `${tag}: count "${count?.textContent ?? ''}" is not at the end of its bar`);
                continue;
              }
              rows.push({ tag, count: shown, top: barBox.top, centre: barMiddle, width: barBox.width });
            }
          }
          if (rows.length > 0) report.framesWithRows++;
          report.maxRows = Math.max(report.maxRows, rows.length);
          rows.sort((a, b) => a.centre - b.centre);
          for (let i = 1; i < rows.length; i++) {
            const above = rows[i - 1]!;
            const below = rows[i]!;
            if (above.count < below.count) {
              flag('order', `${above.tag} shows ${above.count} above ${below.tag} showing ${below.count}`);
            }
          }
          for (const a of rows) {
            for (const b of rows) {
              if (a.count > b.count && a.width < b.width - 0.5) {
                flag('order', `${a.tag} shows ${a.count} on a shorter bar than ${b.tag} showing ${b.count}`);
              }
            }
          }
          for (const kind of bad) report.badFrames[kind]++;
          const signature = rows.map((row) => `${row.tag}:${row.count}:${row.width.toFixed(1)}`).join(',');
          if (previous !== '' && signature !== previous) report.movingFrames++;
          previous = signature;
          if (win.performance.now() - started < duration) win.requestAnimationFrame(frame);
          else resolve(report);
        };
        win.requestAnimationFrame(frame);
      }),
    durationMs,
  );
}
