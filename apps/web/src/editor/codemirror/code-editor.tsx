// The code editor (CodeMirror 6), loaded lazily with the first open file. One EditorView shows
// the active file; each open file keeps its own EditorState (undo history, selections, scroll
// place, folds) for as long as the session's documents live, so switching tabs loses nothing.
import { useEffect, useRef } from 'react';
import { openSearchPanel, gotoLine } from '@codemirror/search';
import { EditorSelection, EditorState, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import type { EditorHandle, RevealRequest } from '../editor-handle';
import { languageOfFile } from '../language-of-file';
import { compartments, editorExtensions, lookReconfiguration, type EditorLook } from './editor-extensions';
import { loadLanguage } from './language-packs';
import { shadowMount } from './shadow-mount';

export interface CodeEditorProps {
  path: string;
  text: string;
  /** The document store's revision of `text`: a new one replaces what the editor holds. */
  revision: number;
  /** Where the cursor goes when the file is first shown (the session's saved cursor), 0-based. */
  initialCursor: { line: number; column: number } | null;
  reveal: RevealRequest | null;
  look: EditorLook;
  /** Editor states live as long as this object (the session's documents). */
  cacheKey: object;
  /** The caller's role may not write files (a Viewer): the text cannot be edited. */
  readOnly?: boolean;
  onChange(path: string, text: string): void;
  onCursor(path: string, line: number, column: number): void;
  onHandle(handle: EditorHandle | null): void;
}

interface CachedState {
  state: EditorState;
  revision: number;
  scrollTop: number;
}

/** Characters above which a file is painted before it is highlighted. */
const LARGE_TEXT = 256 * 1024;

const stateCaches = new WeakMap<object, Map<string, CachedState>>();

function cacheFor(key: object): Map<string, CachedState> {
  let cache = stateCaches.get(key);
  if (!cache) {
    cache = new Map();
    stateCaches.set(key, cache);
  }
  return cache;
}

function positionOf(state: EditorState, line: number, column: number): number {
  const lineInfo = state.doc.line(Math.max(1, Math.min(state.doc.lines, line + 1)));
  return lineInfo.from + Math.max(0, Math.min(lineInfo.length, column));
}

export default function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const shownPath = useRef<string | null>(null);
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });

  // One view for the component's life.
  useEffect(() => {
    const mount = shadowMount(host.current!);
    const created = new EditorView({ parent: mount.parent, root: mount.root });
    view.current = created;
    const handle: EditorHandle = {
      gotoLine: () => gotoLine(created),
      find: () => openSearchPanel(created),
      replace: () => {
        openSearchPanel(created);
        requestAnimationFrame(() => created.dom.querySelector<HTMLInputElement>('.cm-search input[name=replace]')?.focus());
      },
      focus: () => created.focus(),
      selection: () => {
        const { doc, selection } = created.state;
        const { main } = selection;
        if (main.empty) {
          const line = doc.lineAt(main.head);
          return line.length === 0 ? null : { text: line.text, startLine: line.number, endLine: line.number };
        }
        // A selection ending at the start of a line (whole lines picked) does not take that line.
        const end = main.to > main.from && doc.lineAt(main.to).from === main.to ? main.to - 1 : main.to;
        return {
          text: doc.sliceString(main.from, main.to),
          startLine: doc.lineAt(main.from).number,
          endLine: doc.lineAt(end).number,
        };
      },
    };
    latest.current.onHandle(handle);
    return () => {
      const path = shownPath.current;
      if (path) rememberState(created, path);
      latest.current.onHandle(null);
      created.destroy();
      mount.unmount();
      view.current = null;
    };
  }, []);

  function rememberState(editor: EditorView, path: string) {
    const cache = cacheFor(latest.current.cacheKey);
    const previous = cache.get(path);
    cache.set(path, { state: editor.state, revision: previous?.revision ?? 0, scrollTop: editor.scrollDOM.scrollTop });
  }

  function createState(path: string, text: string, cursor: { line: number; column: number } | null): EditorState {
    const listener: Extension = EditorView.updateListener.of((update) => {
      if (shownPath.current !== path) return;
      if (update.docChanged) latest.current.onChange(path, update.state.doc.toString());
      if (update.selectionSet || update.docChanged) {
        const head = update.state.selection.main.head;
        const line = update.state.doc.lineAt(head);
        latest.current.onCursor(path, line.number - 1, head - line.from);
      }
    });
    const base = EditorState.create({
      doc: text,
      extensions: editorExtensions(
        latest.current.look,
        { label: `Editor: ${path}`, readOnly: latest.current.readOnly ?? false },
        listener,
      ),
    });
    const anchor = cursor ? positionOf(base, cursor.line, cursor.column) : 0;
    return base.update({ selection: EditorSelection.cursor(anchor), scrollIntoView: true }).state;
  }

  // The file shown, and its text when the store replaced it.
  const { path, text, revision, initialCursor } = props;
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const cache = cacheFor(latest.current.cacheKey);
    if (shownPath.current && shownPath.current !== path) rememberState(editor, shownPath.current);
    const cached = cache.get(path);
    if (shownPath.current === path && cached?.revision === revision) return;
    let scrollTop = 0;
    if (cached && cached.revision === revision) {
      editor.setState(cached.state);
      editor.dispatch({ effects: lookReconfiguration(latest.current.look) });
      scrollTop = cached.scrollTop;
    } else {
      const keepCursor = cached
        ? (() => {
            const head = cached.state.selection.main.head;
            const line = cached.state.doc.lineAt(head);
            return { line: line.number - 1, column: head - line.from };
          })()
        : initialCursor;
      editor.setState(createState(path, text, keepCursor));
      cache.set(path, { state: editor.state, revision, scrollTop: 0 });
      const language = languageOfFile(path);
      // A large file is shown first and highlighted a frame later: its first parse would hold up
      // the first paint (a 1 MB TypeScript file: ~150 ms).
      const afterFirstPaint = (apply: () => void) =>
        text.length > LARGE_TEXT ? requestAnimationFrame(() => setTimeout(apply, 0)) : apply();
      const applyLanguage = (extension: Extension) => {
        if (shownPath.current === path && view.current === editor) {
          editor.dispatch({ effects: compartments.language.reconfigure(extension) });
        } else {
          const later = cache.get(path);
          if (later)
            cache.set(path, {
              ...later,
              state: later.state.update({ effects: compartments.language.reconfigure(extension) }).state,
            });
        }
      };
      void loadLanguage(language).then((extension) => afterFirstPaint(() => applyLanguage(extension)));
    }
    shownPath.current = path;
    requestAnimationFrame(() => {
      editor.scrollDOM.scrollTop = scrollTop;
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `text` is read only when `revision` says it is new
  }, [path, revision]);

  // Settings apply to the open editor at once.
  const { look } = props;
  useEffect(() => {
    view.current?.dispatch({ effects: lookReconfiguration(look) });
  }, [look]);

  // A search result or "go to" asked for a place.
  const { reveal } = props;
  useEffect(() => {
    const editor = view.current;
    if (!editor || !reveal || reveal.path !== shownPath.current) return;
    const anchor = positionOf(editor.state, reveal.line, reveal.column);
    editor.dispatch({ selection: EditorSelection.cursor(anchor), effects: EditorView.scrollIntoView(anchor, { y: 'center' }) });
    editor.focus();
  }, [reveal, path, revision]);

  return <div ref={host} className="code-editor" data-testid="code-editor" />;
}
