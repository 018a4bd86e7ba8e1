import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { paletteCss } from './leaderboard/tag-colours.ts';
import { applyTheme } from './page/theme.ts';
import { storedPreferences } from './page/preferences.ts';
import './styles/theme.css';
import './styles/base.css';
import './styles/frame.css';
import './styles/cards.css';
import './styles/leaderboard.css';
import './styles/controls.css';
import './styles/layouts.css';

// The tag palette lives in one place (tag-colours.ts); the page gets it as custom properties.
const palette = new CSSStyleSheet();
palette.replaceSync(paletteCss());
document.adoptedStyleSheets = [...document.adoptedStyleSheets, palette];

// The chosen theme before the first paint, so a dark-theme reader never sees a light flash.
applyTheme(storedPreferences().theme);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
