import './zod-without-eval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { createBrowserTokenKeeper } from './auth/browser-token-keeper';
import { applySettings } from './settings/apply-settings';
import { effectiveSettings } from './settings/settings-catalog';
import { localSettingsStore } from './settings/settings-store';
import './styles/app.css';

const keeper = createBrowserTokenKeeper();

// The signed-in user's theme before the first paint, so a reload never flashes the default one.
const { userId } = keeper.getSnapshot();
applySettings(effectiveSettings(userId ? localSettingsStore(localStorage, userId).read() : {}));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App keeper={keeper} />
  </StrictMode>,
);
