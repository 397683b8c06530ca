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
  const mayWrite = useMayCall(apiContract.files.write);
  return (
    <div className="explorer-view">
      <FileTree
        files={open.files}
        activePath={open.session.editor_state.active_file}
        readOnly={!mayWrite}
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
