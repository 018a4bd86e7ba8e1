import type { PanelId } from './page-state.ts';

const SECTIONS: ReadonlyArray<{ id: PanelId; label: string }> = [
  { id: 'leaderboard', label: 'Leaderboard' },
  { id: 'trends', label: 'Trends' },
  { id: 'source', label: 'Source' },
  { id: 'track', label: 'Tracking' },
  { id: 'trackers', label: 'Trackers' },
  { id: 'settings', label: 'Settings' },
];

interface SectionNavProps {
  current: PanelId | null;
  onNavigate: (panel: PanelId) => void;
}

/** Jump links to each section; on a phone, where everything is one long column, they save scrolling. */
export function SectionNav({ current, onNavigate }: SectionNavProps) {
  return (
    <nav aria-label="Sections" className="section-nav">
      <ul>
        {SECTIONS.map(({ id, label }) => (
          <li key={id}>
            <a
              href={`?panel=${id}`}
              aria-current={current === id ? 'location' : undefined}
              onClick={(event) => {
                event.preventDefault();
                onNavigate(id);
              }}
            >
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
