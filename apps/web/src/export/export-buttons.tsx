import { useState, type RefObject } from 'react';
import type { BatchResult } from '@tagstream/protocol';
import { chartToPng } from './chart-png.ts';
import { downloadFile } from './download-file.ts';
import { exportFileName, topToCsv } from './top-csv.ts';

interface ExportButtonsProps {
  result: BatchResult | null;
  /** The element that holds the chart's SVG. */
  chartRef: RefObject<HTMLDivElement | null>;
}

/** Saves the current top as CSV (the numbers) or PNG (the picture). */
export function ExportButtons({ result, chartRef }: ExportButtonsProps) {
  const [error, setError] = useState<string | null>(null);

  const exportCsv = () => {
    if (!result) return;
    downloadFile(
      new Blob([topToCsv(result)], { type: 'text/csv;charset=utf-8' }),
      exportFileName(result, 'csv'),
    );
  };

  const exportPng = async () => {
    const chart = chartRef.current;
    if (!result || !chart) return;
    try {
      setError(null);
      const background = getComputedStyle(document.body).backgroundColor;
      downloadFile(await chartToPng(chart, background), exportFileName(result, 'png'));
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'The PNG could not be made.');
    }
  };

  const hasChart = result !== null && result.top.length > 0;
  return (
    <div className="export-buttons">
      <button type="button" onClick={exportCsv} disabled={result === null}>
        Export CSV
      </button>
      <button type="button" onClick={() => void exportPng()} disabled={!hasChart}>
        Export PNG
      </button>
      {error && (
        <span role="alert" className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
