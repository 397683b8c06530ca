// Applies the appearance settings to the document at once (CSS custom properties and data
// attributes the stylesheet reads), so a change shows without reloading. "Follow the system"
// resolves to dark or light from `prefers-color-scheme`, and follows it when it changes.
import type { EffectiveSettings } from './settings-catalog';

export type ColorScheme = 'dark' | 'light';

export const PREFERS_DARK = '(prefers-color-scheme: dark)';

export function resolveColorScheme(setting: EffectiveSettings['theme']['color_scheme'], prefersDark: boolean): ColorScheme {
  if (setting === 'system') return prefersDark ? 'dark' : 'light';
  return setting;
}

let stopFollowingSystem: (() => void) | undefined;

export function applySettings(settings: EffectiveSettings, root: HTMLElement = document.documentElement): void {
  stopFollowingSystem?.();
  stopFollowingSystem = undefined;
  const setting = settings.theme.color_scheme;
  const applyScheme = (scheme: ColorScheme) => {
    root.dataset.theme = scheme;
    root.style.colorScheme = scheme;
  };
  if (setting === 'system' && typeof window.matchMedia === 'function') {
    const query = window.matchMedia(PREFERS_DARK);
    const follow = () => applyScheme(resolveColorScheme('system', query.matches));
    follow();
    query.addEventListener('change', follow);
    stopFollowingSystem = () => query.removeEventListener('change', follow);
  } else {
    applyScheme(resolveColorScheme(setting, true));
  }
  root.dataset.themeSetting = setting;
  root.dataset.sidebar = settings.theme.sidebar_position;
  root.style.setProperty('--accent', settings.theme.accent_color);
  root.style.setProperty('--editor-font-size', `${settings.editor.font_size}px`);
  root.style.setProperty('--terminal-font-size', `${settings.terminal.font_size}px`);
}
