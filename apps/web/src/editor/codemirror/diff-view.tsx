// A read-only side-by-side difference: the file as it is (left) and what would replace it (right),
// highlighted in the file's language. Used to confirm a change before it is written.
import { useEffect, useRef } from 'react';
import { MergeView } from '@codemirror/merge';
import { languageOfFile } from '../language-of-file';
import { compartments, editorExtensions, type EditorLook } from './editor-extensions';
import { loadLanguage } from './language-packs';
import { shadowMount } from './shadow-mount';

export interface DiffViewProps {
  path: string;
  before: string;
  after: string;
  look: EditorLook;
}

export default function DiffView({ path, before, after, look }: DiffViewProps) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const mount = shadowMount(host.current!);
    const merge = new MergeView({
      parent: mount.parent,
      root: mount.root,
      a: { doc: before, extensions: editorExtensions(look, { readOnly: true, label: `Now: ${path}` }) },
      b: { doc: after, extensions: editorExtensions(look, { readOnly: true, label: `After applying: ${path}` }) },
      highlightChanges: true,
      gutter: true,
    });
    let current = true;
    void loadLanguage(languageOfFile(path)).then((extension) => {
      if (!current) return;
      for (const side of [merge.a, merge.b]) side.dispatch({ effects: compartments.language.reconfigure(extension) });
    });
    return () => {
      current = false;
      merge.destroy();
      mount.unmount();
    };
  }, [path, before, after, look]);

  return <div ref={host} className="diff-view" data-testid="diff-view" />;
}
