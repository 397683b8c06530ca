// The side panel's Explorer: the open session's file tree, wired to its tabs and documents.
import { apiContract } from '@coditect/api/contract';
import { closeFilesWithin, openFile, renameOpenFiles } from '../editor/open-files';
import { useMayCall } from '../organisations/use-tenants';
import type { ReadySession } from '../sessions/open-session';
import { useShellLayout } from '../shell/shell-layout';
import { isWithin } from '../workspace/workspace-files';
import { FileTree } from './file-tree';

export function ExplorerView({ open }: { open: ReadySession }) {
  const { documents, updateEditorState } = open;
  const layout = useShellLayout();
  // The role's rule and the session's: someone else's session is writable only when shared for writing.
  const roleMayWrite = useMayCall(apiContract.files.write);
  const mayWrite = roleMayWrite && open.access.mayWriteFiles;
  return (
    <div className="explorer-view">
      <FileTree
        files={open.files}
        activePath={open.session.editor_state.active_file}
        readOnly={!mayWrite}
        readOnlyNote={
          roleMayWrite && !open.access.owned
            ? 'Read only: shared with you for reading.'
            : 'Read only: your role can browse and download.'
        }
        onOpenFile={(path) => {
          updateEditorState((state) => openFile(state, path));
          // On a phone the drawer gives way to the file.
          layout.closeDrawer();
        }}
        onRenamed={(from, to) => {
          documents.renamed(from, to);
          updateEditorState((state) => renameOpenFiles(state, from, to));
        }}
        onDeleted={(path) => {
          for (const each of open.session.editor_state.open_files) if (isWithin(each, path)) documents.close(each);
          updateEditorState((state) => closeFilesWithin(state, path));
        }}
      />
    </div>
  );
}
