// The Explorer's tree as data: which folders are open, what each loaded folder holds, and the rows
// that shows, in order. Keyboard moves are pure functions of the rows, as the WAI-ARIA tree
// pattern describes them.
import { joinPath, parentOf, type DirectoryEntry } from '../workspace/workspace-files';

export interface FolderListing {
  entries: DirectoryEntry[];
  nextCursor: string | null;
}

export interface TreeData {
  /** Loaded folders ('' is the root). */
  listings: ReadonlyMap<string, FolderListing>;
  expanded: ReadonlySet<string>;
  loading: ReadonlySet<string>;
  errors: ReadonlyMap<string, string>;
}

export type TreeRow =
  | { kind: 'entry'; path: string; name: string; type: DirectoryEntry['type']; depth: number; expanded: boolean }
  | { kind: 'more'; path: string; dir: string; depth: number }
  | { kind: 'note'; path: string; text: string; depth: number };

export const EMPTY_TREE: TreeData = { listings: new Map(), expanded: new Set(['']), loading: new Set(), errors: new Map() };

export function visibleRows(data: TreeData, dir = '', depth = 0): TreeRow[] {
  const rows: TreeRow[] = [];
  const error = data.errors.get(dir);
  if (error) return [{ kind: 'note', path: `${dir}\u0000error`, text: error, depth }];
  const listing = data.listings.get(dir);
  if (!listing) return data.loading.has(dir) ? [{ kind: 'note', path: `${dir}\u0000loading`, text: 'Loading…', depth }] : [];
  for (const entry of listing.entries) {
    const path = joinPath(dir, entry.name);
    const expanded = entry.type === 'directory' && data.expanded.has(path);
    rows.push({ kind: 'entry', path, name: entry.name, type: entry.type, depth, expanded });
    if (expanded) rows.push(...visibleRows(data, path, depth + 1));
  }
  if (listing.nextCursor) rows.push({ kind: 'more', path: `${dir}\u0000more`, dir, depth });
  return rows;
}

export type TreeKeyAction =
  | { kind: 'focus'; path: string }
  | { kind: 'expand'; path: string }
  | { kind: 'collapse'; path: string }
  | { kind: 'open'; path: string }
  | { kind: 'none' };

/** What a key does on the focused row. */
export function treeKeyAction(rows: readonly TreeRow[], focused: string, key: string): TreeKeyAction {
  const index = rows.findIndex((row) => row.path === focused);
  const row = rows[index];
  const focusAt = (at: number): TreeKeyAction => {
    const target = rows[Math.max(0, Math.min(rows.length - 1, at))];
    return target && target.kind !== 'note' ? { kind: 'focus', path: target.path } : { kind: 'none' };
  };
  switch (key) {
    case 'ArrowDown':
      return index < 0 ? focusAt(0) : focusAt(rows[index + 1]?.kind === 'note' ? index + 2 : index + 1);
    case 'ArrowUp':
      return focusAt(rows[index - 1]?.kind === 'note' ? index - 2 : index - 1);
    case 'Home':
      return focusAt(0);
    case 'End':
      return focusAt(rows.length - 1);
    case 'ArrowRight':
      if (row?.kind !== 'entry' || row.type !== 'directory') return { kind: 'none' };
      return row.expanded ? focusAt(index + 1) : { kind: 'expand', path: row.path };
    case 'ArrowLeft':
      if (row?.kind === 'entry' && row.type === 'directory' && row.expanded) return { kind: 'collapse', path: row.path };
      return row && parentOf(row.kind === 'more' ? `${row.dir}/x` : row.path) !== ''
        ? { kind: 'focus', path: parentOf(row.kind === 'more' ? `${row.dir}/x` : row.path) }
        : { kind: 'none' };
    case 'Enter':
      if (row?.kind !== 'entry') return { kind: 'none' };
      if (row.type === 'directory')
        return row.expanded ? { kind: 'collapse', path: row.path } : { kind: 'expand', path: row.path };
      return { kind: 'open', path: row.path };
    default:
      return { kind: 'none' };
  }
}
