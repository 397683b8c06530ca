// The files source until the server's files API is wired in: every call says so plainly, so the
// Explorer and the editor show that instead of an empty tree or an invented file.
import { FilesError, type WorkspaceFiles } from './workspace-files';

export const NOT_CONNECTED_MESSAGE = 'This server does not offer workspace files yet.';

function refuse(): Promise<never> {
  return Promise.reject(new FilesError('UNAVAILABLE', NOT_CONNECTED_MESSAGE));
}

export const unconnectedWorkspaceFiles: WorkspaceFiles = {
  list: refuse,
  read: refuse,
  write: refuse,
  mkdir: refuse,
  move: refuse,
  copy: refuse,
  delete: refuse,
  search: refuse,
  find: refuse,
  upload: refuse,
  downloadUrl: refuse,
  watch: () => () => {},
};
