// The Explorer's file tree: folders load when opened, a page at a time; arrows move, → and ← open
// and close folders, Enter opens a file, F2 renames, Delete deletes (after asking), Shift+F10 or
// the context-menu key opens the menu (new file, new folder, rename, delete, download); files
// dropped on a folder are uploaded into it. Changes made anywhere (the watch) refresh the folders
// they touch.
import { useCallback, useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { ModalDialog } from '../shell/modal-dialog';
import { describeFilesError } from '../workspace/files-error-message';
import { baseName, checkEntryName, joinPath, parentOf, type WorkspaceFiles } from '../workspace/workspace-files';
import { EMPTY_TREE, treeKeyAction, visibleRows, type TreeData, type TreeRow } from './file-tree-model';

export interface FileTreeProps {
  files: WorkspaceFiles;
  /** The file shown in the editor, highlighted. */
  activePath: string | null;
  onOpenFile(path: string): void;
  onRenamed(from: string, to: string): void;
  onDeleted(path: string): void;
  /** The caller's role may not change files (a Viewer): browsing and downloading only. */
  readOnly?: boolean;
  /** Why the tree is read-only, shown above it. */
  readOnlyNote?: string;
}

type Editing = { kind: 'file' | 'folder'; dir: string } | { kind: 'rename'; path: string };
interface Menu {
  path: string;
  type: 'file' | 'directory' | 'symlink';
  x: number;
  y: number;
}

export function FileTree({
  files,
  activePath,
  onOpenFile,
  onRenamed,
  onDeleted,
  readOnly = false,
  readOnlyNote = 'Read only: your role can browse and download.',
}: FileTreeProps) {
  const [data, setData] = useState<TreeData>(EMPTY_TREE);
  const [focused, setFocused] = useState<string | null>(null);
  const [menu, setMenu] = useState<Menu | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const tree = useRef<HTMLUListElement>(null);
  const rows = visibleRows(data);

  const load = useCallback(
    async (dir: string, cursor: string | null = null) => {
      setData((current) => ({ ...current, loading: new Set(current.loading).add(dir) }));
      try {
        const page = await files.list(dir, cursor);
        setData((current) => {
          const listings = new Map(current.listings);
          const before = cursor ? (listings.get(dir)?.entries ?? []) : [];
          listings.set(dir, { entries: [...before, ...page.entries], nextCursor: page.next_cursor });
          const errors = new Map(current.errors);
          errors.delete(dir);
          const loading = new Set(current.loading);
          loading.delete(dir);
          return { ...current, listings, errors, loading };
        });
      } catch (error) {
        setData((current) => {
          const loading = new Set(current.loading);
          loading.delete(dir);
          return { ...current, loading, errors: new Map(current.errors).set(dir, describeFilesError(error)) };
        });
      }
    },
    [files],
  );

  useEffect(() => {
    void load('');
  }, [load]);

  // Whatever changed, the folders holding it are listed again (once per burst of events).
  const loadedDirs = useRef(data.listings);
  useEffect(() => {
    loadedDirs.current = data.listings;
  });
  useEffect(() => {
    const stale = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = files.watch((event) => {
      stale.add(parentOf(event.path));
      clearTimeout(timer);
      timer = setTimeout(() => {
        for (const dir of stale) if (loadedDirs.current.has(dir)) void load(dir);
        stale.clear();
      }, 50);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [files, load]);

  const setExpanded = (path: string, open: boolean) => {
    setData((current) => {
      const expanded = new Set(current.expanded);
      if (open) expanded.add(path);
      else expanded.delete(path);
      return { ...current, expanded };
    });
    if (open && !data.listings.has(path)) void load(path);
  };

  // The name box shows inside the folder, so a closed folder opens first.
  const startNewEntry = (kind: 'file' | 'folder', dir: string) => {
    if (dir !== '') setExpanded(dir, true);
    setEditing({ kind, dir });
  };

  // At once when the row is on screen (the next key must reach it), else once it is rendered.
  const focusRow = (path: string) => {
    setFocused(path);
    const find = () => tree.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`);
    const row = find();
    if (row) row.focus();
    else requestAnimationFrame(() => find()?.focus());
  };

  const act = async (what: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await what();
    } catch (error) {
      setProblem(describeFilesError(error));
    }
  };

  const create = (kind: 'file' | 'folder', dir: string, name: string) =>
    act(async () => {
      const path = joinPath(dir, name);
      if (kind === 'folder') await files.mkdir(path);
      else {
        const written = await files.write(path, '', null, { onlyIfMissing: true });
        if (written.status === 'written') onOpenFile(path);
      }
      await load(dir);
      focusRow(path);
    });

  const rename = (path: string, name: string) =>
    act(async () => {
      const target = joinPath(parentOf(path), name);
      if (target === path) return;
      await files.move(path, target);
      onRenamed(path, target);
      await load(parentOf(path));
      focusRow(target);
    });

  const remove = (path: string) =>
    act(async () => {
      await files.delete(path);
      onDeleted(path);
      await load(parentOf(path));
    });

  const download = (path: string) =>
    act(async () => {
      const link = document.createElement('a');
      link.href = await files.downloadUrl(path);
      link.download = baseName(path);
      link.click();
    });

  const upload = (dir: string, dropped: File[]) =>
    act(async () => {
      if (dropped.length === 0) return;
      await files.upload(dir, dropped);
      setExpanded(dir, true);
      await load(dir);
    });

  const rowFor = (path: string) =>
    rows.find((row): row is Extract<TreeRow, { kind: 'entry' }> => row.kind === 'entry' && row.path === path);
  const openMenu = (path: string, x: number, y: number) => {
    const row = rowFor(path);
    setMenu({ path, type: row?.type ?? 'directory', x, y });
  };
  const folderOf = (path: string | null) => {
    if (path === null) return '';
    const row = rowFor(path);
    return row?.type === 'directory' ? path : parentOf(path);
  };

  const onKeyDown = (event: KeyboardEvent, row: TreeRow) => {
    if (editing) return;
    if (event.key === 'F2' && row.kind === 'entry' && !readOnly) {
      setEditing({ kind: 'rename', path: row.path });
    } else if (event.key === 'Delete' && row.kind === 'entry' && !readOnly) {
      setDeleting(row.path);
    } else if ((event.key === 'F10' && event.shiftKey) || event.key === 'ContextMenu') {
      const box = event.currentTarget.getBoundingClientRect();
      openMenu(row.path, box.left + 24, box.bottom);
    } else if (event.key === 'Enter' && row.kind === 'more') {
      void load(row.dir, data.listings.get(row.dir)?.nextCursor ?? null);
    } else {
      const action = treeKeyAction(rows, row.path, event.key);
      if (action.kind === 'none') return;
      if (action.kind === 'focus') focusRow(action.path);
      else if (action.kind === 'expand') setExpanded(action.path, true);
      else if (action.kind === 'collapse') setExpanded(action.path, false);
      else onOpenFile(action.path);
    }
    event.preventDefault();
    event.stopPropagation();
  };

  const dragProps = (dir: string) => ({
    onDragOver: (event: DragEvent) => {
      if (readOnly || !event.dataTransfer.types.includes('Files')) return;
      event.preventDefault();
      event.stopPropagation();
      event.dataTransfer.dropEffect = 'copy';
      setDropTarget(dir);
    },
    onDrop: (event: DragEvent) => {
      if (readOnly || !event.dataTransfer.types.includes('Files')) return;
      event.preventDefault();
      event.stopPropagation();
      setDropTarget(null);
      void upload(dir, [...event.dataTransfer.files]);
    },
  });

  const tabStop =
    focused && rows.some((row) => row.path === focused) ? focused : (rows.find((row) => row.kind !== 'note')?.path ?? null);
  const newEntryRow = (dir: string, depth: number) =>
    editing && editing.kind !== 'rename' && editing.dir === dir ? (
      <li role="none" className="tree-edit" style={{ paddingLeft: 8 + depth * 14 }}>
        <NameInput
          label={editing.kind === 'file' ? 'New file name' : 'New folder name'}
          initial=""
          onDone={(name) => {
            setEditing(null);
            if (name !== null) void create(editing.kind as 'file' | 'folder', dir, name);
          }}
        />
      </li>
    ) : null;

  return (
    <div
      className={`file-tree${dropTarget === '' ? ' tree-drop' : ''}`}
      {...dragProps('')}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropTarget(null);
      }}
      onContextMenu={(event) => {
        if (event.target !== event.currentTarget) return;
        event.preventDefault();
        setMenu({ path: '', type: 'directory', x: event.clientX, y: event.clientY });
      }}
    >
      {readOnly ? (
        <p className="tree-toolbar muted">{readOnlyNote}</p>
      ) : (
        <div className="tree-toolbar">
          <button type="button" className="button button-quiet" onClick={() => startNewEntry('file', folderOf(focused))}>
            New file
          </button>
          <button type="button" className="button button-quiet" onClick={() => startNewEntry('folder', folderOf(focused))}>
            New folder
          </button>
        </div>
      )}
      {problem && (
        <p className="panel-note field-error" role="alert">
          {problem}
        </p>
      )}
      <ul ref={tree} role="tree" aria-label="Files" className="tree">
        {newEntryRow('', 0)}
        {rows.map((row) => {
          if (row.kind === 'note') {
            return (
              <li key={row.path} role="none" className="tree-note" style={{ paddingLeft: 8 + row.depth * 14 }}>
                {row.text}
              </li>
            );
          }
          if (row.kind === 'more') {
            return (
              <li
                key={row.path}
                role="treeitem"
                aria-level={row.depth + 1}
                data-path={row.path}
                tabIndex={tabStop === row.path ? 0 : -1}
                className="tree-row tree-more"
                style={{ paddingLeft: 8 + row.depth * 14 }}
                onFocus={() => setFocused(row.path)}
                onKeyDown={(event) => onKeyDown(event, row)}
                onClick={() => void load(row.dir, data.listings.get(row.dir)?.nextCursor ?? null)}
              >
                Load more…
              </li>
            );
          }
          const isFolder = row.type === 'directory';
          const renaming = editing?.kind === 'rename' && editing.path === row.path;
          return (
            <li key={row.path} role="none">
              <div
                role="treeitem"
                aria-level={row.depth + 1}
                aria-expanded={isFolder ? row.expanded : undefined}
                aria-selected={row.path === activePath}
                aria-label={row.name}
                data-path={row.path}
                tabIndex={tabStop === row.path ? 0 : -1}
                className={`tree-row${row.path === activePath ? ' tree-row-active' : ''}${dropTarget === row.path ? ' tree-drop' : ''}`}
                style={{ paddingLeft: 8 + row.depth * 14 }}
                onFocus={() => setFocused(row.path)}
                onKeyDown={(event) => onKeyDown(event, row)}
                onClick={() => {
                  setFocused(row.path);
                  if (isFolder) setExpanded(row.path, !row.expanded);
                  else onOpenFile(row.path);
                }}
                onContextMenu={(event) => {
                  event.preventDefault();
                  setFocused(row.path);
                  openMenu(row.path, event.clientX, event.clientY);
                }}
                {...(isFolder ? dragProps(row.path) : {})}
              >
                <span className="tree-twisty" aria-hidden="true">
                  {isFolder ? (row.expanded ? '▾' : '▸') : ''}
                </span>
                {renaming ? (
                  <NameInput
                    label={`Rename ${row.name}`}
                    initial={row.name}
                    onDone={(name) => {
                      setEditing(null);
                      if (name !== null) void rename(row.path, name);
                      else focusRow(row.path);
                    }}
                  />
                ) : (
                  <span className={isFolder ? 'tree-name tree-folder' : 'tree-name'}>{row.name}</span>
                )}
              </div>
              {isFolder && row.expanded && newEntryRow(row.path, row.depth + 1)}
            </li>
          );
        })}
      </ul>
      {menu && (!readOnly || menu.type === 'file') && (
        <TreeMenu
          menu={menu}
          readOnly={readOnly}
          onClose={() => setMenu(null)}
          onChoose={(choice) => {
            setMenu(null);
            const dir = menu.type === 'directory' ? menu.path : parentOf(menu.path);
            if (choice === 'file' || choice === 'folder') startNewEntry(choice, dir);
            else if (choice === 'rename') setEditing({ kind: 'rename', path: menu.path });
            else if (choice === 'delete') setDeleting(menu.path);
            else void download(menu.path);
          }}
        />
      )}
      {deleting !== null && (
        <ModalDialog
          title={`Delete ${baseName(deleting)}?`}
          onCancel={() => setDeleting(null)}
          actions={
            <>
              <button
                type="button"
                className="button button-danger"
                onClick={() => {
                  const path = deleting;
                  setDeleting(null);
                  void remove(path);
                }}
              >
                Delete
              </button>
              <button type="button" className="button button-quiet" onClick={() => setDeleting(null)}>
                Cancel
              </button>
            </>
          }
        >
          <p>
            {rowFor(deleting)?.type === 'directory'
              ? 'The folder and everything in it will be deleted.'
              : 'The file will be deleted.'}
          </p>
        </ModalDialog>
      )}
    </div>
  );
}

type MenuChoice = 'file' | 'folder' | 'rename' | 'delete' | 'download';

function TreeMenu({
  menu,
  readOnly,
  onChoose,
  onClose,
}: {
  menu: Menu;
  readOnly: boolean;
  onChoose(choice: MenuChoice): void;
  onClose(): void;
}) {
  const box = useRef<HTMLUListElement>(null);
  useEffect(() => box.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus(), []);
  const items: [MenuChoice, string][] = readOnly
    ? []
    : [
        ['file', 'New file'],
        ['folder', 'New folder'],
      ];
  if (menu.path !== '' && !readOnly) items.push(['rename', 'Rename'], ['delete', 'Delete']);
  if (menu.type === 'file') items.push(['download', 'Download']);
  return (
    <div className="menu-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <ul
        ref={box}
        role="menu"
        aria-label={menu.path === '' ? 'Workspace' : baseName(menu.path)}
        className="context-menu"
        style={{ left: Math.min(menu.x, window.innerWidth - 180), top: Math.min(menu.y, window.innerHeight - 200) }}
        onKeyDown={(event) => {
          const entries = [...(box.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
          const index = entries.indexOf(document.activeElement as HTMLElement);
          if (event.key === 'ArrowDown') entries[(index + 1) % entries.length]?.focus();
          else if (event.key === 'ArrowUp') entries[(index - 1 + entries.length) % entries.length]?.focus();
          else if (event.key === 'Escape' || event.key === 'Tab') onClose();
          else return;
          event.preventDefault();
          event.stopPropagation();
        }}
      >
        {items.map(([choice, label]) => (
          <li key={choice} role="none">
            <button type="button" role="menuitem" tabIndex={-1} className="context-menu-item" onClick={() => onChoose(choice)}>
              {label}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The inline name box of a new entry or a rename: Enter accepts, Escape or leaving cancels. */
function NameInput({ label, initial, onDone }: { label: string; initial: string; onDone(name: string | null): void }) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const element = input.current;
    element?.focus();
    const dot = initial.lastIndexOf('.');
    element?.setSelectionRange(0, dot > 0 ? dot : initial.length);
  }, [initial]);
  return (
    <span className="tree-name-input">
      <input
        ref={input}
        type="text"
        aria-label={label}
        aria-invalid={error ? true : undefined}
        value={text}
        spellCheck={false}
        onChange={(event) => {
          setText(event.target.value);
          setError(null);
        }}
        onClick={(event) => event.stopPropagation()}
        onBlur={() => onDone(null)}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Enter') {
            event.preventDefault();
            const problem = checkEntryName(text);
            if (problem) setError(problem);
            else onDone(text.trim());
          } else if (event.key === 'Escape') {
            event.preventDefault();
            onDone(null);
          }
        }}
      />
      {error && (
        <span className="field-error tree-name-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
