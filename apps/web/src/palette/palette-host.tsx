// Whichever palette is open: the command palette or quick open.
import { openFile } from '../editor/open-files';
import { useReadySession } from '../sessions/open-session';
import type { Palette } from '../shell/app-commands';
import { CommandPalette } from './command-palette';
import { QuickOpen } from './quick-open';

export function PaletteHost({ palette, onClose }: { palette: Palette; onClose(): void }) {
  const open = useReadySession();
  if (palette === 'commands') return <CommandPalette onClose={onClose} />;
  if (palette === 'files' && open) {
    const { open_files, active_file } = open.session.editor_state;
    return (
      <QuickOpen
        files={open.files}
        recent={[...open_files].sort((a, b) => Number(b === active_file) - Number(a === active_file))}
        onClose={onClose}
        onOpen={(path) => open.updateEditorState((state) => openFile(state, path))}
      />
    );
  }
  return null;
}
