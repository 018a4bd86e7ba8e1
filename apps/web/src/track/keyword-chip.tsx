interface KeywordChipProps {
  keyword: string;
  disabled: boolean;
  onRemove: (keyword: string) => void;
}

/** One tracked keyword (a rule), removable. */
export function KeywordChip({ keyword, disabled, onRemove }: KeywordChipProps) {
  return (
    <li className="chip">
      <bdi className="chip-text" title={keyword}>
        {keyword}
      </bdi>
      <button
        type="button"
        className="chip-remove"
        aria-label={`Remove keyword ${keyword}`}
        disabled={disabled}
        onClick={() => onRemove(keyword)}
      >
        ×
      </button>
    </li>
  );
}
