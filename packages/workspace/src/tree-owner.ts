// Who owns what this package creates in a tree. A server running as root gives each workspace to
// an unprivileged uid (a terminal's sandbox runs as the owner of the tree and refuses a
// root-owned one), so every file, directory and link created in it is handed to that owner;
// without an owner nothing is changed and entries belong to the server's own user.
import { lchown, type FileHandle } from 'node:fs/promises';

export interface TreeOwner {
  uid: number;
  gid: number;
}

/** Gives the opened entry to `owner` (no-op without one). */
export async function ownHandle(handle: FileHandle, owner: TreeOwner | undefined): Promise<void> {
  if (owner) await handle.chown(owner.uid, owner.gid);
}

/** Gives the entry at `path` to `owner`, a symlink itself rather than its target (no-op without one). */
export async function ownPath(path: string, owner: TreeOwner | undefined): Promise<void> {
  if (owner) await lchown(path, owner.uid, owner.gid);
}
