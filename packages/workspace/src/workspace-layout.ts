// Where a workspace lives on disk: <root>/<tenantId>/<workspaceId>/tree is what users see;
// its sibling meta/ holds the server's own data (lock, usage record, staging and trash) and is
// reachable through no workspace path. Names starting with "." in the root and tenant
// directories are ours too (trash, staging), which ids cannot collide with.
import { join } from 'node:path';
import { WorkspaceError } from './workspace-error';

export interface WorkspaceRef {
  tenantId: string;
  workspaceId: string;
}

export interface WorkspaceLayout {
  ref: WorkspaceRef;
  /** <root>/<tenant>/<workspace> */
  dir: string;
  tenantDir: string;
  tree: string;
  meta: string;
  /** Temporary files and staged uploads, renamed into the tree when complete. */
  tmp: string;
  /** Where deleted subtrees are renamed before being removed, so they vanish from the tree at once. */
  trash: string;
  lockFile: string;
  usageFile: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function isWorkspaceId(id: unknown): id is string {
  return typeof id === 'string' && ID.test(id);
}

export function assertWorkspaceId(kind: 'tenant' | 'workspace', id: unknown): asserts id is string {
  if (!isWorkspaceId(id)) {
    throw new WorkspaceError('INVALID_ARGUMENT', `Invalid ${kind} id`, { field: kind === 'tenant' ? 'tenantId' : 'workspaceId' });
  }
}

export function tenantDirectory(root: string, tenantId: string): string {
  assertWorkspaceId('tenant', tenantId);
  return join(root, tenantId);
}

/** <root>/<tenant>/<workspace>, both ids checked (ids are never paths). */
function workspaceDirectory(root: string, ref: WorkspaceRef): { tenantDir: string; dir: string } {
  const tenantDir = tenantDirectory(root, ref.tenantId);
  assertWorkspaceId('workspace', ref.workspaceId);
  return { tenantDir, dir: join(tenantDir, ref.workspaceId) };
}

export function workspaceLayout(root: string, ref: WorkspaceRef): WorkspaceLayout {
  const { tenantDir, dir } = workspaceDirectory(root, ref);
  const meta = join(dir, 'meta');
  return {
    ref: { tenantId: ref.tenantId, workspaceId: ref.workspaceId },
    dir,
    tenantDir,
    tree: join(dir, 'tree'),
    meta,
    tmp: join(meta, 'tmp'),
    trash: join(meta, 'trash'),
    lockFile: join(meta, 'lock'),
    usageFile: join(meta, 'usage.json'),
  };
}

/** A workspace's tree alone: what `workspaceLayout(...).tree` is, without the other paths. */
export function workspaceTreePath(root: string, ref: WorkspaceRef): string {
  return join(workspaceDirectory(root, ref).dir, 'tree');
}

/** Where removed workspaces go before they are deleted: <root>/.trash */
export function rootTrash(root: string): string {
  return join(root, '.trash');
}
