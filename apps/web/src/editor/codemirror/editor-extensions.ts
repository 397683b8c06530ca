// What every editor here is made of: CodeMirror's editing basics (history, multiple cursors,
// bracket matching and closing, find/replace, go to line), the look (from the app's CSS
// variables and the syntax palette) and the user's editor settings, each in a compartment so a
// settings change reconfigures open editors without losing their state.
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { HighlightStyle, bracketMatching, foldGutter, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { gotoLine, highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import {
  EditorView,
  crosshairCursor,
  drawSelection,
  dropCursor,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
} from '@codemirror/view';
import { SYNTAX_PALETTES, type SyntaxPalette } from '../syntax-palette';
import { SYNTAX_TAG_RULES } from './syntax-tags';

export interface EditorLook {
  theme: 'dark' | 'light';
  fontSize: number;
  tabSize: number;
  lineNumbers: boolean;
  wordWrap: boolean;
}

export const compartments = {
  language: new Compartment(),
  look: new Compartment(),
  lineNumbers: new Compartment(),
  wrap: new Compartment(),
  tabSize: new Compartment(),
  readOnly: new Compartment(),
};

function highlightStyle(palette: SyntaxPalette): HighlightStyle {
  return HighlightStyle.define(
    SYNTAX_TAG_RULES.map(({ tag, role, ...font }) => ({ tag, ...(role ? { color: palette.roles[role] } : {}), ...font })),
  );
}

function lookExtension(look: EditorLook): Extension {
  const palette = SYNTAX_PALETTES[look.theme];
  return [
    EditorView.theme(
      {
        '&': { height: '100%', fontSize: `${look.fontSize}px`, color: palette.foreground, backgroundColor: palette.background },
        '.cm-scroller': { fontFamily: 'var(--font-code)', lineHeight: '1.5' },
        '.cm-content': { caretColor: 'var(--accent)' },
        '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--accent)', borderLeftWidth: '2px' },
        '.cm-gutters': { backgroundColor: palette.background, color: 'var(--text-muted)', border: 'none' },
        '.cm-activeLine': { backgroundColor: 'var(--editor-active-line)' },
        '.cm-activeLineGutter': { backgroundColor: 'var(--editor-active-line)', color: 'var(--text-strong)' },
        '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
          backgroundColor: 'var(--editor-selection) !important',
        },
        '.cm-selectionMatch': { backgroundColor: 'var(--editor-match)' },
        '&.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--editor-match)', outline: '1px solid var(--text-muted)' },
        '.cm-searchMatch': { backgroundColor: 'var(--editor-match)', outline: '1px solid var(--warning)' },
        '.cm-panels': { backgroundColor: 'var(--bg-raised)', color: 'var(--text)' },
        '.cm-panels-top': { borderBottom: '1px solid var(--border)' },
        '.cm-panel input, .cm-panel button, .cm-panel label': { fontSize: '13px' },
        '.cm-textfield': {
          backgroundColor: 'var(--bg-input)',
          color: 'var(--text-strong)',
          border: '1px solid var(--border)',
          borderRadius: '4px',
        },
        '.cm-button': {
          backgroundImage: 'none',
          backgroundColor: 'var(--bg-input)',
          color: 'var(--text-strong)',
          border: '1px solid var(--border)',
          borderRadius: '4px',
        },
        '.cm-foldPlaceholder': { backgroundColor: 'var(--bg-hover)', color: 'var(--text)', border: 'none' },
      },
      { dark: look.theme === 'dark' },
    ),
    syntaxHighlighting(highlightStyle(palette)),
  ];
}

export function lookReconfiguration(look: EditorLook) {
  return [
    compartments.look.reconfigure(lookExtension(look)),
    compartments.lineNumbers.reconfigure(look.lineNumbers ? [lineNumbers(), foldGutter()] : []),
    compartments.wrap.reconfigure(look.wordWrap ? EditorView.lineWrapping : []),
    compartments.tabSize.reconfigure([EditorState.tabSize.of(look.tabSize), indentUnit.of(' '.repeat(look.tabSize))]),
  ];
}

/** The editor's whole configuration, with `extra` (listeners, the file's own keys) first. */
export function editorExtensions(
  look: EditorLook,
  options: { readOnly?: boolean; label: string },
  extra: Extension = [],
): Extension {
  return [
    extra,
    highlightSpecialChars(),
    history(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    rectangularSelection(),
    crosshairCursor(),
    highlightActiveLine(),
    highlightActiveLineGutter(),
    highlightSelectionMatches(),
    search({ top: true }),
    keymap.of([
      // Go to line where editors people know have it; CodeMirror's own Ctrl+Alt+G stays too.
      { key: 'Mod-g', run: gotoLine, preventDefault: true },
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...searchKeymap,
      ...historyKeymap,
      indentWithTab,
    ]),
    EditorView.contentAttributes.of({ 'aria-label': options.label }),
    compartments.language.of([]),
    compartments.look.of(lookExtension(look)),
    compartments.lineNumbers.of(look.lineNumbers ? [lineNumbers(), foldGutter()] : []),
    compartments.wrap.of(look.wordWrap ? EditorView.lineWrapping : []),
    compartments.tabSize.of([EditorState.tabSize.of(look.tabSize), indentUnit.of(' '.repeat(look.tabSize))]),
    compartments.readOnly.of(options.readOnly ? [EditorState.readOnly.of(true), EditorView.editable.of(false)] : []),
  ];
}
