// The colours of highlighted code, per theme. Plain data (no CodeMirror) so the contrast test
// can check every one against the editor's background: each meets WCAG AA (4.5:1).

export type SyntaxRole =
  | 'keyword'
  | 'string'
  | 'number'
  | 'comment'
  | 'function'
  | 'type'
  | 'variable'
  | 'property'
  | 'operator'
  | 'tag'
  | 'attribute'
  | 'heading'
  | 'link'
  | 'invalid';

export interface SyntaxPalette {
  background: string;
  foreground: string;
  roles: Record<SyntaxRole, string>;
}

export const SYNTAX_PALETTES: Record<'dark' | 'light', SyntaxPalette> = {
  dark: {
    background: '#1e1e1e',
    foreground: '#d4d4d4',
    roles: {
      keyword: '#569cd6',
      string: '#ce9178',
      number: '#b5cea8',
      comment: '#7ca668',
      function: '#dcdcaa',
      type: '#4ec9b0',
      variable: '#9cdcfe',
      property: '#9cdcfe',
      operator: '#d4d4d4',
      tag: '#569cd6',
      attribute: '#9cdcfe',
      heading: '#569cd6',
      link: '#3794ff',
      invalid: '#f48771',
    },
  },
  light: {
    background: '#ffffff',
    foreground: '#1f1f1f',
    roles: {
      keyword: '#0000c8',
      string: '#a31515',
      number: '#096d48',
      comment: '#3b7a28',
      function: '#795e26',
      type: '#1a6d80',
      variable: '#001080',
      property: '#0b4f8a',
      operator: '#1f1f1f',
      tag: '#800000',
      attribute: '#c50f1f',
      heading: '#0b4f8a',
      link: '#0b5fb8',
      invalid: '#b4231a',
    },
  },
};
