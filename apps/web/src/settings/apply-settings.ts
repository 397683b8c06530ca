// Applies the appearance settings to the document at once (CSS custom properties and data
// attributes the stylesheet reads), so a change shows without reloading.
import type { EffectiveSettings } from './settings-catalog';

export function applySettings(settings: EffectiveSettings, root: HTMLElement = document.documentElement): void {
  root.dataset.theme = settings.theme.color_scheme;
  root.dataset.sidebar = settings.theme.sidebar_position;
  root.style.setProperty('--accent', settings.theme.accent_color);
  root.style.setProperty('--editor-font-size', `${settings.editor.font_size}px`);
  root.style.setProperty('--terminal-font-size', `${settings.terminal.font_size}px`);
  root.style.colorScheme = settings.theme.color_scheme;
}
