// The terminal's colours: the page's own (background, text, selection, from app.css's custom
// properties) and an ANSI palette per scheme — the light one darker, so coloured output stays
// readable on white.
import type { ITheme } from '@xterm/xterm';
import type { ColorScheme } from '../settings/apply-settings';

const DARK_ANSI: ITheme = {
  black: '#000000',
  red: '#cd3131',
  green: '#0dbc79',
  yellow: '#e5e510',
  blue: '#2472c8',
  magenta: '#bc3fbc',
  cyan: '#11a8cd',
  white: '#e5e5e5',
  brightBlack: '#767676',
  brightRed: '#f14c4c',
  brightGreen: '#23d18b',
  brightYellow: '#f5f543',
  brightBlue: '#3b8eea',
  brightMagenta: '#d670d6',
  brightCyan: '#29b8db',
  brightWhite: '#ffffff',
};

const LIGHT_ANSI: ITheme = {
  black: '#000000',
  red: '#b3261e',
  green: '#116329',
  yellow: '#7d5e00',
  blue: '#0451a5',
  magenta: '#a1269b',
  cyan: '#0b6b80',
  white: '#555555',
  brightBlack: '#666666',
  brightRed: '#cd3131',
  brightGreen: '#14752f',
  brightYellow: '#8a6a00',
  brightBlue: '#0451a5',
  brightMagenta: '#bc05bc',
  brightCyan: '#0e7490',
  brightWhite: '#333333',
};

export function terminalTheme(scheme: ColorScheme, root: HTMLElement = document.documentElement): ITheme {
  const style = getComputedStyle(root);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    ...(scheme === 'dark' ? DARK_ANSI : LIGHT_ANSI),
    background: read('--bg', scheme === 'dark' ? '#1e1e1e' : '#ffffff'),
    foreground: read('--text', scheme === 'dark' ? '#d4d4d4' : '#2b2b2b'),
    cursor: read('--text-strong', scheme === 'dark' ? '#f0f0f0' : '#111111'),
    cursorAccent: read('--bg', scheme === 'dark' ? '#1e1e1e' : '#ffffff'),
    selectionBackground: read('--editor-selection', scheme === 'dark' ? '#264f78' : '#add6ff'),
  };
}

/** The code font of app.css (`--font-code`). */
export function terminalFontFamily(root: HTMLElement = document.documentElement): string {
  return getComputedStyle(root).getPropertyValue('--font-code').trim() || 'monospace';
}
