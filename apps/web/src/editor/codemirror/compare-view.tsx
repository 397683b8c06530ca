// The compare view a save opens when the file changed elsewhere: theirs (read-only) on the left,
// the merge on the right — it starts as mine, and each changed block can be taken from theirs with
// the arrow between them. Nothing is written until the person saves the merge or takes theirs.
import { useEffect, useRef } from 'react';
import { MergeView } from '@codemirror/merge';
import { EditorView } from '@codemirror/view';
import { languageOfFile } from '../language-of-file';
import { compartments, editorExtensions, type EditorLook } from './editor-extensions';
import { loadLanguage } from './language-packs';
import { shadowMount } from './shadow-mount';

export interface CompareViewProps {
  path: string;
  theirs: string;
  mine: string;
  look: EditorLook;
  /** The merge's text whenever it changes. */
  onMergeChange(text: string): void;
}

export default function CompareView({ path, theirs, mine, look, onMergeChange }: CompareViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const onChange = useRef(onMergeChange);
  useEffect(() => {
    onChange.current = onMergeChange;
  });

  useEffect(() => {
    const mount = shadowMount(host.current!);
    const merge = new MergeView({
      parent: mount.parent,
      root: mount.root,
      a: { doc: theirs, extensions: editorExtensions(look, { readOnly: true, label: `Theirs: ${path}` }) },
      b: {
        doc: mine,
        extensions: editorExtensions(
          look,
          { label: `Merge: ${path}` },
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChange.current(update.state.doc.toString());
          }),
        ),
      },
      revertControls: 'a-to-b',
      highlightChanges: true,
      gutter: true,
    });
    onChange.current(mine);
    void loadLanguage(languageOfFile(path)).then((extension) => {
      for (const side of [merge.a, merge.b]) side.dispatch({ effects: compartments.language.reconfigure(extension) });
    });
    return () => {
      merge.destroy();
      mount.unmount();
    };
    // The view is made for one conflict; a new conflict mounts a new one (keyed by the caller).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return <div ref={host} className="compare-view" data-testid="compare-view" />;
}
