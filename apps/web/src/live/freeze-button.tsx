/** Holds the display still (or lets it go again); while held, a badge says so and counts what came in. */
export function FreezeButton({
  frozen,
  missed,
  onToggle,
}: {
  frozen: boolean;
  missed: number;
  onToggle: () => void;
}) {
  return (
    <>
      <button type="button" aria-pressed={frozen} onClick={onToggle}>
        Freeze view
      </button>
      {frozen && (
        <span className="badge badge-frozen" data-testid="frozen-badge">
          Frozen · {missed} new {missed === 1 ? 'result' : 'results'}
        </span>
      )}
    </>
  );
}
