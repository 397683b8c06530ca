import './zod-without-eval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { createBrowserTokenKeeper } from './auth/browser-token-keeper';
import { applySettings } from './settings/apply-settings';
import { effectiveSettings } from './settings/settings-catalog';
import { localSettingsCache } from './settings/settings-cache';
import './styles/app.css';

const keeper = createBrowserTokenKeeper();

// The signed-in user's theme before the first paint (this browser's copy of their settings), so a
// reload never flashes the default one while the server's settings load.
const { userId } = keeper.getSnapshot();
applySettings(effectiveSettings(userId ? localSettingsCache(localStorage, userId).read() : {}));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App keeper={keeper} />
  </StrictMode>,
);
