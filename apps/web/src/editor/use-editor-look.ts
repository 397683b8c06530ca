// The editors' look from the user's settings and the colour scheme shown, one object per
// combination so an editor reconfigures only when something changed.
import { useState } from 'react';
import { useColorScheme, useSettings } from '../settings/settings-provider';
import type { EditorLook } from './codemirror/editor-extensions';

export function useEditorLook(): EditorLook {
  const { settings } = useSettings();
  const theme = useColorScheme();
  const { font_size, tab_size, line_numbers, word_wrap } = settings.editor;
  const [look, setLook] = useState<EditorLook>({
    theme,
    fontSize: font_size,
    tabSize: tab_size,
    lineNumbers: line_numbers,
    wordWrap: word_wrap,
  });
  if (
    look.theme !== theme ||
    look.fontSize !== font_size ||
    look.tabSize !== tab_size ||
    look.lineNumbers !== line_numbers ||
    look.wordWrap !== word_wrap
  ) {
    setLook({ theme, fontSize: font_size, tabSize: tab_size, lineNumbers: line_numbers, wordWrap: word_wrap });
  }
  return look;
}
