import { useState } from 'react';
import type { BatchResult, SourceStatus } from '@tagstream/protocol';
import { resolvedTheme } from '../page/theme.ts';
import { downloadFile } from './download-file.ts';
import { exportFileName, topToCsv } from './top-csv.ts';
import { topToPng } from './top-png.ts';

interface ExportButtonsProps {
  result: BatchResult | null;
  source: SourceStatus | null;
}

/** Where the tweets came from, in words, for the picture's footer. */
function sourceText(source: SourceStatus | null): string {
  if (!source) return 'unknown';
  if (source.replay?.files.length)
    return `replay of ${source.replay.files.map((f) => f.split(/[\\/]/).pop()).join(', ')}`;
  return source.kind === 'live' ? 'X filtered stream' : source.address;
}

/** Saves the current top as CSV (the numbers) or PNG (a picture with its context), or copies a link to this view. */
export function ExportButtons({ result, source }: ExportButtonsProps) {
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  const exportCsv = () => {
    if (!result) return;
    downloadFile(
      new Blob([topToCsv(result)], { type: 'text/csv;charset=utf-8' }),
      exportFileName(result, 'csv'),
    );
  };

  const exportPng = async () => {
    if (!result) return;
    try {
      setError(null);
      const png = await topToPng(result, {
        theme: resolvedTheme(),
        source: sourceText(source),
        now: new Date(),
      });
      downloadFile(png, exportFileName(result, 'png'));
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'The PNG could not be made.');
    }
  };

  // The address holds the view (tag, panel, wall view): the link opens the same view elsewhere.
  const copyLink = async () => {
    const link = window.location.href;
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Link copied.');
    } catch {
      setCopied(`Copy this link: ${link}`);
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
      <button type="button" onClick={() => void copyLink()}>
        Copy link
      </button>
      {copied && (
        <span role="status" className="hint export-note">
          {copied}
        </span>
      )}
      {error && (
        <span role="alert" className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
