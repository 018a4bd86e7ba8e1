import type { ViewState } from './view-state.ts';

/** The state of the view as a coloured badge in the header, where people look first. */
export function ViewStateBadge({ state }: { state: ViewState }) {
  return (
    <p data-testid="view-state" className={`view-state view-state-${state.kind}`}>
      <span className="view-state-dot" aria-hidden="true" />
      {state.text}
    </p>
  );
}
