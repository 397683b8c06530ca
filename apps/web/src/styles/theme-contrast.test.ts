// WCAG AA for the themes' text: every text colour of app.css on every background it is used on,
// and every syntax colour of the editor on the editor's background and current-line highlight,
// reach 4.5:1. Reads the stylesheet itself, so the test checks what ships.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SYNTAX_PALETTES } from '../editor/syntax-palette';
import { SETTINGS } from '../settings/settings-catalog';

const CSS = readFileSync(new URL('./app.css', import.meta.url), 'utf8');
const AA = 4.5;

function block(selector: string): Record<string, string> {
  const start = CSS.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`No "${selector}" block in app.css`);
  const body = CSS.slice(start, CSS.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((match) => [match[1]!, match[2]!.trim()]));
}

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb {
  const digits = hex.replace('#', '');
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits;
  return [0, 2, 4].map((index) => parseInt(full.slice(index, index + 2), 16)) as Rgb;
}

/** A variable's colour, following var() and the color-mix(in srgb, X p%, Y) the light theme uses. */
function resolve(value: string, variables: Record<string, string>): Rgb {
  const reference = value.match(/^var\((--[\w-]+)\)$/);
  if (reference) return resolve(variables[reference[1]!] ?? '', variables);
  const mix = value.match(/^color-mix\(in srgb, (.+) (\d+)%, (.+)\)$/);
  if (mix) {
    const [a, share, b] = [resolve(mix[1]!, variables), Number(mix[2]) / 100, resolve(mix[3]!, variables)];
    return a.map((channel, index) => Math.round(channel * share + b[index]! * (1 - share))) as Rgb;
  }
  if (/^#[0-9a-f]{3,6}$/i.test(value)) return parseHex(value);
  throw new Error(`Cannot read the colour "${value}"`);
}

function luminance([r, g, b]: Rgb): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const TEXT = ['--text', '--text-strong', '--text-muted', '--danger', '--success', '--warning', '--link'];
const SURFACES = ['--bg', '--bg-raised', '--bg-chrome', '--bg-input', '--bg-hover', '--status-bar'];
const TINTED: [string, string][] = [
  ['--danger', '--danger-bg'],
  ['--text-strong', '--danger-bg'],
  ['--text', '--danger-bg'],
  ['--success', '--success-bg'],
  ['--text', '--info-bg'],
  ['--text-strong', '--info-bg'],
];

const themes = {
  dark: { ...block(":root,\n[data-theme='dark']"), ...block(':root'), '--accent': SETTINGS.theme.accent_color.default },
  light: {
    ...block(":root,\n[data-theme='dark']"),
    ...block("[data-theme='light']"),
    '--accent': SETTINGS.theme.accent_color.default,
  },
};

describe.each(Object.entries(themes))('the %s theme', (name, variables) => {
  const pairs: [string, string][] = [
    ...TEXT.flatMap((text) => SURFACES.map((surface): [string, string] => [text, surface])),
    ...TINTED,
  ];

  it.each(pairs)('%s on %s reaches 4.5:1', (text, surface) => {
    const ratio = contrastRatio(resolve(`var(${text})`, variables), resolve(`var(${surface})`, variables));
    expect(ratio, `${name}: ${text} on ${surface} is ${ratio.toFixed(2)}:1`).toBeGreaterThanOrEqual(AA);
  });

  it('highlights code legibly on the editor’s background and current line', () => {
    const palette = SYNTAX_PALETTES[name as 'dark' | 'light'];
    const backgrounds = [parseHex(palette.background), resolve('var(--editor-active-line)', variables)];
    for (const [role, colour] of Object.entries({ foreground: palette.foreground, ...palette.roles })) {
      for (const background of backgrounds) {
        const ratio = contrastRatio(parseHex(colour), background);
        expect(ratio, `${name}: ${role} ${colour} is ${ratio.toFixed(2)}:1`).toBeGreaterThanOrEqual(AA);
      }
    }
  });
});

it('computes contrast as WCAG defines it', () => {
  expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
  expect(contrastRatio(parseHex('#767676'), parseHex('#ffffff'))).toBeCloseTo(4.54, 2);
});
