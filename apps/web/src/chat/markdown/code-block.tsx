// A fenced or indented code block of a reply: highlighted with the editor's language packs and
// tag rules (plain until the pack has loaded, with the same text, so nothing moves), a copy
// button, and "Apply to file" where the chat offers it.
import { createContext, useContext, useEffect, useMemo, useState, type CSSProperties } from 'react';
import type { CodePiece } from '../../editor/codemirror/highlight-code-string';
import { LANGUAGE_NAMES, type LanguageId } from '../../editor/language-of-file';
import { SYNTAX_PALETTES, type SyntaxPalette } from '../../editor/syntax-palette';
import { CopyButton } from './copy-button';
import { readFenceInfo, type FenceInfo } from './fence-info';

/** What "Apply to file" does with a block; absent where a reply cannot be applied. */
export type ApplyCode = (code: string, fence: FenceInfo) => void;
export const ApplyCodeContext = createContext<ApplyCode | null>(null);
/** The colour scheme shown, which picks the syntax palette (the editor's). */
export const CodeThemeContext = createContext<'dark' | 'light'>('dark');

type Highlight = (code: string) => CodePiece[];
type Highlighting = typeof import('../../editor/codemirror/highlight-code-string');

// CodeMirror's parsers load with the first code block, not with the first reply.
let highlighting: Highlighting | undefined;

function readyHighlight(language: LanguageId): Highlight | null {
  const parser = highlighting?.loadedLanguage(language);
  return highlighting && parser !== undefined ? (code) => highlighting!.highlightCodeString(code, parser) : null;
}

async function loadHighlight(language: LanguageId): Promise<Highlight> {
  highlighting ??= await import('../../editor/codemirror/highlight-code-string');
  const parser = await highlighting.loadCodeLanguage(language);
  return (code) => highlighting!.highlightCodeString(code, parser);
}

const paletteStyles = new Map<SyntaxPalette, CSSProperties>();

/** The palette as custom properties (set through the CSSOM, which the page's CSP allows). */
function paletteStyle(palette: SyntaxPalette): CSSProperties {
  let style = paletteStyles.get(palette);
  if (!style) {
    const roles = Object.entries(palette.roles).map(([role, colour]) => [`--syntax-${role}`, colour]);
    style = Object.fromEntries([['--code-bg', palette.background], ['--code-fg', palette.foreground], ...roles]) as CSSProperties;
    paletteStyles.set(palette, style);
  }
  return style;
}

export function CodeBlock({ code, info }: { code: string; info: string }) {
  const fence = useMemo(() => readFenceInfo(info, code), [info, code]);
  const [highlight, setHighlight] = useState(() => readyHighlight(fence.language));
  const apply = useContext(ApplyCodeContext);
  const theme = useContext(CodeThemeContext);

  useEffect(() => {
    let current = true;
    // A pack that fails to load leaves the code plain.
    loadHighlight(fence.language).then(
      (loaded) => current && setHighlight(() => loaded),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [fence.language]);

  const text = code.endsWith('\n') ? code.slice(0, -1) : code;
  const pieces = useMemo(() => (highlight ? highlight(text) : [{ text, className: '' }]), [text, highlight]);

  return (
    <figure className="code-block" style={paletteStyle(SYNTAX_PALETTES[theme])}>
      <figcaption className="code-block-bar">
        <span className="code-block-language">{fence.path ?? LANGUAGE_NAMES[fence.language]}</span>
        <span className="code-block-actions">
          <CopyButton text={text} label="Copy code" />
          {apply && (
            <button type="button" className="button button-quiet button-small" onClick={() => apply(text, fence)}>
              Apply to file
            </button>
          )}
        </span>
      </figcaption>
      <pre className="code-block-code" data-language={fence.language}>
        <code>
          {pieces.map((piece, index) =>
            piece.className ? (
              <span key={index} className={piece.className}>
                {piece.text}
              </span>
            ) : (
              piece.text
            ),
          )}
        </code>
      </pre>
    </figure>
  );
}
