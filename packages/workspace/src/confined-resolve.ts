// Resolves a workspace path to an opened parent directory without ever leaving the tree, the way
// openat2(RESOLVE_BENEATH) would if Node exposed it: one component at a time, each opened with
// O_NOFOLLOW relative to the directory opened before it (through /proc/self/fd/<fd>/<name>, so a
// directory renamed or swapped for a symlink meanwhile cannot redirect the walk). Symlinks met on
// the way are expanded here, by hand, and refused as soon as they would climb above the root or
// name an absolute target. Linux only (needs /proc).
import { constants, type Stats } from 'node:fs';
import { lstat, open, readlink, type FileHandle } from 'node:fs/promises';
import { WorkspaceError, fromFsError } from './workspace-error';
import { formatWorkspacePath } from './workspace-path';

const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW } = constants;
const MAX_LINK_EXPANSIONS = 40;

/** The path that reaches `name` inside the directory opened as `dir` (the root when no name). */
export function pathAt(dir: FileHandle, name?: string): string {
  return name === undefined ? `/proc/self/fd/${dir.fd}` : `/proc/self/fd/${dir.fd}/${name}`;
}

export interface Resolution {
  /** The directory holding the target (the deepest existing one when `missing` is not empty). Close it. */
  parent: FileHandle;
  /** Canonical path of `parent` inside the tree: symlinks expanded, so it is where the bytes live. */
  parentPath: string[];
  /** Directories between `parent` and the target that do not exist yet (allowMissingParents only). */
  missing: string[];
  /** The target's name in `parent`; null when the target is `parent` itself (the root, or a symlink to a directory above). */
  name: string | null;
  /** lstat of the target, or null when it does not exist. */
  stat: Stats | null;
}

export interface ResolveOptions {
  /** Expand a symlink in the last position (read, write, list) or stop at it (delete, move). */
  followFinal: boolean;
  /** Return instead of failing when directories leading to the target are missing. */
  allowMissingParents?: boolean;
}

/** The canonical workspace path of a resolution's target (where it is, after symlinks). */
export function resolvedPath(resolution: Resolution): string {
  const segments = [...resolution.parentPath, ...resolution.missing];
  if (resolution.name !== null) segments.push(resolution.name);
  return formatWorkspacePath(segments);
}

export function outsideWorkspace(path: string): WorkspaceError {
  return new WorkspaceError('INVALID_PATH', `Invalid path: ${path} leads outside the workspace`, {
    path,
    reason: 'leads outside the workspace',
  });
}

/** Opens a directory the walk may use: never through a symlink in the last position. */
export async function openDirectoryAt(path: string): Promise<FileHandle> {
  return open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
}

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

interface Level {
  name: string;
  /** Open while it is one of the KEEP_OPEN deepest levels (the root always is); reopened on demand. */
  handle: FileHandle | null;
}

/**
 * Directory handles kept open during one resolution besides the root. A deep path (or symlinks
 * expanding into one) would otherwise hold one descriptor per level, and concurrent requests on a
 * crafted deep tree could exhaust the process's descriptors for every tenant.
 */
const KEEP_OPEN = 8;

/** The directories walked so far, from the root, holding a bounded number of open handles. */
class WalkStack {
  private readonly levels: Level[];
  private open = 0;

  constructor(root: FileHandle) {
    this.levels = [{ name: '', handle: root }];
  }

  get depth(): number {
    return this.levels.length - 1;
  }

  names(): string[] {
    return this.levels.slice(1).map((level) => level.name);
  }

  push(name: string, handle: FileHandle): Promise<void> {
    this.levels.push({ name, handle });
    this.open++;
    return this.evict();
  }

  /** Goes up one level ("..": the level we came from, not whatever is the parent now). */
  async pop(): Promise<void> {
    const level = this.levels.pop()!;
    if (level.handle) {
      this.open--;
      await level.handle.close();
    }
  }

  /** The deepest level's handle, reopened by name from the nearest open ancestor if it was closed. */
  async top(): Promise<FileHandle> {
    const top = this.levels[this.levels.length - 1]!;
    if (top.handle) return top.handle;
    let from = this.levels.length - 1;
    while (!this.levels[from]!.handle) from--;
    const ancestor = this.levels[from]!.handle!;
    let current = ancestor;
    for (let at = from + 1; at < this.levels.length; at++) {
      const next = await openDirectoryAt(pathAt(current, this.levels[at]!.name)).catch(async (error: unknown) => {
        if (current !== ancestor) await current.close();
        throw error;
      });
      if (current !== ancestor) await current.close();
      current = next;
    }
    top.handle = current;
    this.open++;
    await this.evict();
    return current;
  }

  private async evict(): Promise<void> {
    for (let at = 1; this.open > KEEP_OPEN && at < this.levels.length - 1; at++) {
      const level = this.levels[at]!;
      if (!level.handle) continue;
      await level.handle.close();
      level.handle = null;
      this.open--;
    }
  }

  /** Closes every handle except `keep`. */
  async close(keep?: FileHandle): Promise<void> {
    for (const level of this.levels) if (level.handle && level.handle !== keep) await level.handle.close();
  }
}

/**
 * Walks `segments` from the tree at `treePath` (a real, absolute path). `shownPath` is the
 * caller's spelling, used in error messages.
 */
export async function resolveConfined(
  treePath: string,
  segments: readonly string[],
  shownPath: string,
  options: ResolveOptions,
): Promise<Resolution> {
  let rootHandle: FileHandle;
  try {
    rootHandle = await openDirectoryAt(treePath);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') throw new WorkspaceError('NOT_FOUND', 'Workspace not found');
    throw fromFsError(error, '');
  }
  const stack = new WalkStack(rootHandle);
  const pending = [...segments];
  let expansions = 0;
  let keep: FileHandle | undefined;

  const finish = async (name: string | null, stat: Stats | null, missing: string[] = []): Promise<Resolution> => {
    keep = await stack.top();
    return { parent: keep, parentPath: stack.names(), missing, name, stat };
  };

  try {
    while (pending.length > 0) {
      const segment = pending.shift()!;
      if (segment === '..') {
        if (stack.depth === 0) throw outsideWorkspace(shownPath);
        await stack.pop();
        continue;
      }
      const top = await stack.top();
      const last = pending.length === 0;
      let stat: Stats;
      try {
        stat = await lstat(pathAt(top, segment));
      } catch (error) {
        if (errnoOf(error) !== 'ENOENT') throw fromFsError(error, shownPath);
        if (last) return await finish(segment, null);
        if (options.allowMissingParents && !pending.includes('..'))
          return await finish(pending[pending.length - 1]!, null, [segment, ...pending.slice(0, -1)]);
        throw new WorkspaceError('NOT_FOUND', `Not found: ${shownPath}`, { path: shownPath });
      }
      if (stat.isSymbolicLink() && (!last || options.followFinal)) {
        if (++expansions > MAX_LINK_EXPANSIONS) {
          throw new WorkspaceError('INVALID_PATH', `Invalid path: ${shownPath} has too many levels of symbolic links`, {
            path: shownPath,
          });
        }
        let target: string;
        try {
          target = await readlink(pathAt(top, segment));
        } catch (error) {
          // Replaced or removed since its lstat: look again.
          if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'EINVAL') {
            pending.unshift(segment);
            continue;
          }
          throw fromFsError(error, shownPath);
        }
        if (target.startsWith('/') || target === '') throw outsideWorkspace(shownPath);
        pending.unshift(...target.split('/').filter((part) => part !== '' && part !== '.'));
        continue;
      }
      if (last) return await finish(segment, stat);
      if (!stat.isDirectory()) {
        throw new WorkspaceError('NOT_A_DIRECTORY', `Not a directory: ${formatWorkspacePath([...stack.names(), segment])}`, {
          path: shownPath,
        });
      }
      let opened: FileHandle;
      try {
        opened = await openDirectoryAt(pathAt(top, segment));
      } catch (error) {
        // Replaced between lstat and open (by a symlink, a file, or nothing): look again.
        const code = errnoOf(error);
        if ((code === 'ELOOP' || code === 'ENOTDIR' || code === 'ENOENT') && ++expansions <= MAX_LINK_EXPANSIONS) {
          pending.unshift(segment);
          continue;
        }
        throw fromFsError(error, shownPath);
      }
      await stack.push(segment, opened);
    }
    // Out of segments on a directory: the root, or where a final symlink's "../" led.
    const dir = await stack.top();
    return await finish(null, await dir.stat());
  } catch (error) {
    throw fromFsError(error, shownPath);
  } finally {
    await stack.close(keep);
  }
}

/** Runs `fn` on a resolution and closes its handle after; fs errors become WorkspaceErrors. */
export async function withResolution<T>(
  treePath: string,
  segments: readonly string[],
  shownPath: string,
  options: ResolveOptions,
  fn: (resolution: Resolution) => Promise<T>,
): Promise<T> {
  const resolution = await resolveConfined(treePath, segments, shownPath, options);
  try {
    return await fn(resolution);
  } catch (error) {
    throw fromFsError(error, shownPath);
  } finally {
    await resolution.parent.close();
  }
}
