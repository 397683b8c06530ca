// Watches one workspace tree for changes made by anyone (this library, a terminal, an agent) and
// reports them as { kind, path } batches.
//
// Why not fs.watch(tree, { recursive: true })? On Linux, Node 20 emulates it in JavaScript: one
// inotify watch per file *and* directory (10,000 files = 10,000 watches, past the 8,192 default
// limit on many hosts), synchronous readdir/stat on the event loop, stat() that follows symlinks
// out of the tree, and it reports every existing file as changed when it starts. Here there is
// one inotify watch per directory, each added through a descriptor opened with O_NOFOLLOW (so a
// symlinked directory, inside or out, is never watched through), async scans, and a cap on
// watched directories (`watchMaxDirectories`; past it, deeper directories go unwatched and
// subscribers are told once).
//
// Events are coalesced by state, not by sequence: every path touched during the debounce window
// is lstat'ed once at the end and compared with what was known before, so create+delete vanishes,
// delete+create (an atomic save) becomes "changed", and a burst of writes to a file is one event.
// A new directory is scanned when it appears and everything found inside is reported as created.
import { watch, type FSWatcher } from 'node:fs';
import { lstat, type FileHandle } from 'node:fs/promises';
import { openDirectoryAt, pathAt } from './confined-resolve';
import { readDirectory, typeOfDirent, typeOfStats, type EntryType } from './tree-walk';
import { MAX_PATH_DEPTH } from './workspace-path';

export type WatchEventKind = 'created' | 'changed' | 'deleted';

export interface WatchEvent {
  kind: WatchEventKind;
  /** Workspace-relative path. */
  path: string;
  /** The entry's type; for "deleted", the type it had. */
  type: EntryType;
}

export interface TreeWatcherOptions {
  debounceMs: number;
  maxDirectories: number;
  onEvents(events: WatchEvent[]): void;
  /** Called once when a limit was reached (watch cap, inotify limit, event overflow). */
  onLimit(reason: string): void;
}

/** Pending paths past this are dropped in favour of one full rescan. */
const MAX_PENDING = 20_000;

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

export class TreeWatcher {
  private readonly known = new Map<string, EntryType>();
  private readonly watchers = new Map<string, FSWatcher>();
  private pending = new Set<string>();
  private rescanAll = false;
  private timer: NodeJS.Timeout | undefined;
  private firstPendingAt = 0;
  private flushing: Promise<void> | undefined;
  private closed = false;
  private limitReported = false;
  readonly ready: Promise<void>;

  constructor(
    private readonly treePath: string,
    private readonly options: TreeWatcherOptions,
  ) {
    this.ready = this.start();
  }

  private async start(): Promise<void> {
    const root = await openDirectoryAt(this.treePath);
    try {
      await this.watchDirectory('', root, null);
    } finally {
      await root.close();
    }
  }

  private limit(reason: string): void {
    if (this.limitReported) return;
    this.limitReported = true;
    this.options.onLimit(reason);
  }

  /** Watches the opened directory `dir` at `path`, then scans it; `found` collects entries as created. */
  private async watchDirectory(path: string, dir: FileHandle, found: WatchEvent[] | null): Promise<void> {
    if (this.closed || this.watchers.has(path)) return;
    if (this.watchers.size >= this.options.maxDirectories) return this.limit('too many directories to watch');
    let watcher: FSWatcher;
    try {
      // Through "<fd>/." so events about the directory itself are named "." (ignored), not after the fd.
      watcher = watch(`${pathAt(dir)}/.`, { persistent: false }, (_event, name) => this.touched(path, name));
    } catch (error) {
      return this.limit(`cannot watch more directories (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    // A watched directory that disappears may report an error; its parent reports the deletion.
    watcher.on('error', () => this.unwatch(path));
    this.watchers.set(path, watcher);
    for (const dirent of await readDirectory(dir)) {
      if (this.closed) return;
      const child = join(path, dirent.name);
      // readdir's own type (no lstat per entry): starting on 10,000 files took seconds otherwise.
      const type = typeOfDirent(dirent);
      if (!this.known.has(child)) {
        this.known.set(child, type);
        found?.push({ kind: 'created', path: child, type });
      }
      if (type === 'directory' && child.split('/').length < MAX_PATH_DEPTH) {
        const childDir = await openDirectoryAt(pathAt(dir, dirent.name)).catch(() => null);
        if (!childDir) continue;
        try {
          await this.watchDirectory(child, childDir, found);
        } finally {
          await childDir.close();
        }
      }
    }
  }

  private unwatch(path: string): void {
    for (const [watched, watcher] of this.watchers) {
      if (watched === path || watched.startsWith(`${path}/`)) {
        watcher.close();
        this.watchers.delete(watched);
      }
    }
  }

  private touched(dir: string, name: string | Buffer | null): void {
    if (this.closed || name === '.') return;
    if (name === null) this.rescanAll = true;
    else if (this.pending.size >= MAX_PENDING) this.rescanAll = true;
    else this.pending.add(join(dir, name.toString()));
    const now = Date.now();
    if (this.timer) clearTimeout(this.timer);
    else this.firstPendingAt = now;
    // Quiet for debounceMs, but never held back longer than four debounce periods.
    const wait = Math.max(0, Math.min(this.options.debounceMs, this.firstPendingAt + 4 * this.options.debounceMs - now));
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    if (this.flushing) {
      await this.flushing;
      if (this.pending.size > 0 || this.rescanAll) this.touchedAgain();
      return;
    }
    const paths = [...this.pending].sort();
    const rescan = this.rescanAll;
    this.pending = new Set();
    this.rescanAll = false;
    this.flushing = (rescan ? this.resync() : this.settle(paths)).then(
      (events) => {
        if (events.length > 0 && !this.closed) this.options.onEvents(events);
      },
      () => undefined,
    );
    await this.flushing;
    this.flushing = undefined;
  }

  private touchedAgain(): void {
    if (!this.timer) this.timer = setTimeout(() => void this.flush(), 0);
  }

  /** Opens the directory at `path` from the root, through no symlink; null when that is impossible. */
  private async openPath(path: string): Promise<FileHandle | null> {
    let current = await openDirectoryAt(this.treePath).catch(() => null);
    for (const segment of path === '' ? [] : path.split('/')) {
      if (!current) return null;
      const next = await openDirectoryAt(pathAt(current, segment)).catch(() => null);
      await current.close();
      current = next;
    }
    return current;
  }

  /** Compares each touched path with what was known and returns the differences. */
  private async settle(paths: string[]): Promise<WatchEvent[]> {
    const events: WatchEvent[] = [];
    const parents = new Map<string, FileHandle | null>();
    try {
      for (const path of paths) {
        if (this.closed) break;
        const parent = parentOf(path);
        if (!parents.has(parent)) parents.set(parent, await this.openPath(parent));
        const dir = parents.get(parent)!;
        const name = path.slice(parent === '' ? 0 : parent.length + 1);
        const stat = dir ? await lstat(pathAt(dir, name)).catch(() => null) : null;
        const now = stat ? typeOfStats(stat) : null;
        const before = this.known.get(path);
        if (before && (!now || before !== now)) this.forget(path, before, events);
        if (!now) continue;
        if (before === now) {
          events.push({ kind: 'changed', path, type: now });
          continue;
        }
        this.known.set(path, now);
        events.push({ kind: 'created', path, type: now });
        if (now === 'directory' && dir) {
          const opened = await openDirectoryAt(pathAt(dir, name)).catch(() => null);
          if (opened) {
            try {
              await this.watchDirectory(path, opened, events);
            } finally {
              await opened.close();
            }
          }
        }
      }
    } finally {
      for (const handle of parents.values()) await handle?.close();
    }
    return events;
  }

  /** Drops `path` and everything known below it, reporting each as deleted (deepest first). */
  private forget(path: string, type: EntryType, events: WatchEvent[]): void {
    const below = [...this.known].filter(([known]) => known.startsWith(`${path}/`)).sort(([a], [b]) => (a < b ? 1 : -1));
    for (const [known, knownType] of below) {
      this.known.delete(known);
      events.push({ kind: 'deleted', path: known, type: knownType });
    }
    this.known.delete(path);
    this.unwatch(path);
    events.push({ kind: 'deleted', path, type });
  }

  /** After an overflow: rescans the whole tree and reports the differences with what was known. */
  private async resync(): Promise<WatchEvent[]> {
    const before = new Map(this.known);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    this.known.clear();
    const root = await openDirectoryAt(this.treePath).catch(() => null);
    if (!root) return [...before].map(([path, type]) => ({ kind: 'deleted' as const, path, type }));
    try {
      await this.watchDirectory('', root, null);
    } finally {
      await root.close();
    }
    const events: WatchEvent[] = [];
    for (const [path, type] of before) {
      const now = this.known.get(path);
      if (!now) events.push({ kind: 'deleted', path, type });
      else if (now !== type) events.push({ kind: 'changed', path, type: now });
    }
    for (const [path, type] of this.known) if (!before.has(path)) events.push({ kind: 'created', path, type });
    return events;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    this.known.clear();
    this.pending.clear();
  }

  /** Directories currently watched (one inotify watch each). */
  get watchedDirectories(): number {
    return this.watchers.size;
  }
}
