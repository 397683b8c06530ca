// Quick-open: files whose path fuzzily matches a query, best first. The workspace's file list is
// built by one walk (directories in `findExclude` are not entered, symlinks are listed but never
// followed) and reused for findCacheMs or until this library changes the workspace, so typing
// a query character by character costs one walk and then only scoring.
import { openDirectoryAt } from './confined-resolve';
import { createFuzzyMatcher } from './fuzzy-score';
import { walkTree } from './tree-walk';
import type { WorkspaceContext } from './workspace-context';
import { WorkspaceError, fromFsError } from './workspace-error';

export interface FindOptions {
  /** Results to return, 1..500. Default 50. */
  limit?: number;
}

export interface FoundFile {
  path: string;
  score: number;
  /** Indices in `path` of the characters matching the query, for highlighting. */
  positions: number[];
}

export interface FindResult {
  files: FoundFile[];
  /** The workspace has more files than the index holds (findMaxFiles); some were not considered. */
  index_truncated: boolean;
}

interface FileList {
  paths: string[];
  /** `paths` lower-cased, computed once per list rather than per query. */
  lower: string[];
  truncated: boolean;
  builtAt: number;
}

/**
 * File lists of recently searched workspaces, least recently used dropped first, bounded by the
 * number of paths held in total (a 200,000-file workspace costs tens of megabytes).
 */
export class FileListCache {
  private readonly lists = new Map<string, FileList>();
  private held = 0;
  constructor(private readonly maxPaths = 500_000) {}

  get(key: string, maxAgeMs: number): FileList | undefined {
    const list = this.lists.get(key);
    if (!list || Date.now() - list.builtAt >= maxAgeMs) return undefined;
    this.lists.delete(key);
    this.lists.set(key, list);
    return list;
  }

  set(key: string, list: FileList): void {
    this.invalidate(key);
    this.lists.set(key, list);
    this.held += list.paths.length;
    for (const [oldest, dropped] of this.lists) {
      if (this.held <= this.maxPaths || oldest === key) break;
      this.lists.delete(oldest);
      this.held -= dropped.paths.length;
    }
  }

  invalidate(key: string): void {
    const list = this.lists.get(key);
    if (!list) return;
    this.lists.delete(key);
    this.held -= list.paths.length;
  }
}

async function buildFileList(ctx: WorkspaceContext): Promise<FileList> {
  const { findExclude, findMaxFiles } = ctx.settings;
  const excluded = new Set(findExclude);
  const paths: string[] = [];
  let truncated = false;
  let tree;
  try {
    tree = await openDirectoryAt(ctx.layout.tree);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new WorkspaceError('NOT_FOUND', 'Workspace not found');
    throw fromFsError(error);
  }
  try {
    for await (const entry of walkTree(tree, { descend: (dir) => !excluded.has(dir.name) })) {
      if (entry.type !== 'file' && entry.type !== 'symlink') continue;
      if (paths.length >= findMaxFiles) {
        truncated = true;
        break;
      }
      paths.push(entry.path);
    }
  } finally {
    await tree.close();
  }
  return { paths, lower: paths.map((path) => path.toLowerCase()), truncated, builtAt: Date.now() };
}

export async function findFiles(
  ctx: WorkspaceContext,
  cache: FileListCache,
  query: string,
  options: FindOptions = {},
): Promise<FindResult> {
  if (typeof query !== 'string' || query.length > 500)
    throw new WorkspaceError('INVALID_ARGUMENT', 'Invalid query', { field: 'query' });
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw new WorkspaceError('INVALID_ARGUMENT', 'limit must be an integer from 1 to 500', { field: 'limit' });
  const key = ctx.layout.dir;
  let list = cache.get(key, ctx.settings.findCacheMs);
  if (!list) {
    list = await buildFileList(ctx);
    cache.set(key, list);
  }

  // Keep the best `limit` by score (ties: shorter path, then alphabetical) without sorting everything.
  const better = (a: { score: number; path: string }, b: { score: number; path: string }) =>
    a.score !== b.score ? a.score > b.score : a.path.length !== b.path.length ? a.path.length < b.path.length : a.path < b.path;
  const best: { score: number; path: string }[] = [];
  const match = createFuzzyMatcher(query);
  for (const [index, path] of list.paths.entries()) {
    const found = match(path, false, list.lower[index]);
    if (!found) continue;
    const candidate = { score: found.score, path };
    if (best.length === limit && !better(candidate, best[best.length - 1]!)) continue;
    let at = best.length;
    while (at > 0 && better(candidate, best[at - 1]!)) at--;
    best.splice(at, 0, candidate);
    if (best.length > limit) best.pop();
  }
  return {
    files: best.map(({ path, score }) => ({ path, score, positions: match(path, true)?.positions ?? [] })),
    index_truncated: list.truncated,
  };
}
