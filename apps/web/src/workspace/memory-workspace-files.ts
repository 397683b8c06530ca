// WorkspaceFiles held in memory: the unit tests' server (optionally kept in the
// browser's storage so a reload finds the same files). It behaves as the files API is specified:
// etags change with every write, a stale expected etag is a conflict, listings are paged with a
// cursor, and every change is reported to watchers.
import { matchesGlob } from '../matching/glob-pattern';
import { rankByFuzzyMatch } from '../matching/fuzzy-match';
import {
  FilesError,
  baseName,
  isWithin,
  joinPath,
  parentOf,
  type DirectoryEntry,
  type DirectoryPage,
  type FileContent,
  type SearchMatch,
  type SearchQuery,
  type SearchResults,
  type WatchEvent,
  type WorkspaceFiles,
  type WriteOptions,
  type WriteResult,
} from './workspace-files';

interface FileNode {
  type: 'file';
  content: string;
  etag: string;
  modified_at: string;
}
interface DirectoryNode {
  type: 'directory';
  modified_at: string;
}
type Node = FileNode | DirectoryNode;

export interface MemoryWorkspaceOptions {
  /** Initial files by path; their folders are created. */
  files?: Record<string, string>;
  /** Entries per listed page. */
  pageSize?: number;
  maxSearchResults?: number;
  /**
   * Keeps the tree in this storage under `key` (the demo workspace survives a reload); with
   * `window`, changes another tab makes there are taken in and reported to watchers, as the
   * server reports other clients' changes.
   */
  persist?: { storage: Storage; key: string; window?: Window };
  now?: () => Date;
}

const PREVIEW_CHARS = 160;

export class MemoryWorkspaceFiles implements WorkspaceFiles {
  private readonly nodes = new Map<string, Node>();
  private readonly watchers = new Set<(event: WatchEvent) => void>();
  private readonly pageSize: number;
  private readonly maxSearchResults: number;
  private readonly now: () => Date;
  private etagCounter = 0;
  /** Every call, by method name: the tests count what the UI asks for. */
  readonly calls: { method: string; args: unknown[] }[] = [];

  constructor(private readonly options: MemoryWorkspaceOptions = {}) {
    this.pageSize = options.pageSize ?? 200;
    this.maxSearchResults = options.maxSearchResults ?? 500;
    this.now = options.now ?? (() => new Date());
    this.nodes.set('', { type: 'directory', modified_at: this.timestamp() });
    const restored = options.persist && restore(options.persist);
    if (restored) {
      for (const [path, node] of restored.nodes) this.nodes.set(path, node);
      this.etagCounter = restored.etagCounter;
    } else {
      for (const [path, content] of Object.entries(options.files ?? {})) this.putFile(path, content);
    }
    options.persist?.window?.addEventListener('storage', (event) => {
      if (event.key === options.persist?.key && event.storageArea === options.persist.storage) this.takeInOtherTabsChanges();
    });
  }

  async list(dir: string, cursor?: string | null): Promise<DirectoryPage> {
    this.record('list', dir, cursor);
    this.directory(dir);
    const entries: DirectoryEntry[] = this.children(dir).map(([path, node]) => ({
      name: baseName(path),
      type: node.type,
      size: node.type === 'file' ? new TextEncoder().encode(node.content).length : 0,
      modified_at: node.modified_at,
    }));
    entries.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
    const start = cursor ? Number(cursor) : 0;
    const page = entries.slice(start, start + this.pageSize);
    const next = start + this.pageSize < entries.length ? String(start + this.pageSize) : null;
    return { entries: page, next_cursor: next };
  }

  async read(path: string): Promise<FileContent> {
    this.record('read', path);
    const node = this.file(path);
    return {
      path,
      content: node.content,
      encoding: 'utf-8',
      size: new TextEncoder().encode(node.content).length,
      etag: node.etag,
      modified_at: node.modified_at,
    };
  }

  async write(path: string, content: string, expectedEtag: string | null, options: WriteOptions = {}): Promise<WriteResult> {
    this.record('write', path, content, expectedEtag);
    const existing = this.nodes.get(path);
    if (existing?.type === 'directory') throw new FilesError('IS_A_DIRECTORY', `${path} is a folder`);
    if (options.onlyIfMissing && existing) throw new FilesError('ALREADY_EXISTS', `${path} already exists`);
    if (expectedEtag !== null && existing?.etag !== expectedEtag) {
      if (!existing) throw new FilesError('FILE_NOT_FOUND', `${path} no longer exists`);
      return { status: 'conflict', current_etag: existing.etag };
    }
    this.directory(parentOf(path));
    const node = this.putFile(path, content);
    this.changed({ kind: existing ? 'changed' : 'created', path });
    return { status: 'written', etag: node.etag };
  }

  async mkdir(path: string): Promise<void> {
    this.record('mkdir', path);
    const existing = this.nodes.get(path);
    if (existing?.type === 'directory') return;
    if (existing) throw new FilesError('ALREADY_EXISTS', `${path} already exists`);
    this.ensureDirectory(path);
    this.persist();
  }

  async move(from: string, to: string): Promise<void> {
    this.record('move', from, to);
    this.transfer(from, to, { keepSource: false });
  }

  async copy(from: string, to: string): Promise<void> {
    this.record('copy', from, to);
    this.transfer(from, to, { keepSource: true });
  }

  async delete(path: string): Promise<void> {
    this.record('delete', path);
    if (path === '') throw new FilesError('INVALID_PATH', 'The workspace root cannot be deleted');
    if (!this.nodes.has(path)) throw new FilesError('FILE_NOT_FOUND', `${path} does not exist`);
    for (const each of [...this.nodes.keys()]) {
      if (isWithin(each, path)) {
        this.nodes.delete(each);
        this.changed({ kind: 'deleted', path: each });
      }
    }
  }

  async search(query: SearchQuery): Promise<SearchResults> {
    this.record('search', query);
    const pattern = searchPattern(query);
    const matches: SearchMatch[] = [];
    for (const [path, node] of [...this.nodes].sort(([a], [b]) => a.localeCompare(b))) {
      if (node.type !== 'file' || !matchesGlob(path, query.glob ?? '')) continue;
      const lines = node.content.split('\n');
      for (let index = 0; index < lines.length; index += 1) {
        const line = lines[index]!;
        pattern.lastIndex = 0;
        const found = pattern.exec(line);
        if (!found) continue;
        if (matches.length === this.maxSearchResults) return { matches, truncated: true };
        const start = Math.max(0, found.index - 40);
        matches.push({ path, line: index + 1, column: found.index + 1, preview: line.slice(start, start + PREVIEW_CHARS) });
      }
    }
    return { matches, truncated: false };
  }

  async find(q: string): Promise<string[]> {
    this.record('find', q);
    const files = [...this.nodes].filter(([, node]) => node.type === 'file').map(([path]) => path);
    files.sort();
    return rankByFuzzyMatch(q, files, (path) => path)
      .slice(0, 50)
      .map(({ item }) => item);
  }

  async upload(dir: string, files: readonly File[]): Promise<string[]> {
    this.record(
      'upload',
      dir,
      files.map((file) => file.name),
    );
    this.directory(dir);
    const written: string[] = [];
    for (const file of files) {
      const path = joinPath(dir, file.name);
      const existed = this.nodes.has(path);
      this.putFile(path, await file.text());
      this.changed({ kind: existed ? 'changed' : 'created', path });
      written.push(path);
    }
    return written;
  }

  async downloadUrl(path: string): Promise<string> {
    this.record('downloadUrl', path);
    const node = this.file(path);
    return `data:application/octet-stream;charset=utf-8,${encodeURIComponent(node.content)}`;
  }

  watch(onEvent: (event: WatchEvent) => void): () => void {
    this.watchers.add(onEvent);
    return () => this.watchers.delete(onEvent);
  }

  /** Paths of every file (tests). */
  filePaths(): string[] {
    return [...this.nodes].filter(([, node]) => node.type === 'file').map(([path]) => path);
  }

  /* ------------------------------------------------------------------------------------------ */

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  private timestamp(): string {
    return this.now().toISOString();
  }

  private children(dir: string): [string, Node][] {
    return [...this.nodes].filter(([path]) => path !== '' && parentOf(path) === dir);
  }

  private directory(path: string): DirectoryNode {
    const node = this.nodes.get(path);
    if (!node) throw new FilesError('FILE_NOT_FOUND', `${path || 'The workspace'} does not exist`);
    if (node.type !== 'directory') throw new FilesError('NOT_A_DIRECTORY', `${path} is not a folder`);
    return node;
  }

  private file(path: string): FileNode {
    const node = this.nodes.get(path);
    if (!node) throw new FilesError('FILE_NOT_FOUND', `${path} does not exist`);
    if (node.type !== 'file') throw new FilesError('IS_A_DIRECTORY', `${path} is a folder`);
    return node;
  }

  private ensureDirectory(path: string): void {
    if (path === '' || this.nodes.get(path)?.type === 'directory') return;
    if (this.nodes.has(path)) throw new FilesError('NOT_A_DIRECTORY', `${path} is not a folder`);
    this.ensureDirectory(parentOf(path));
    this.nodes.set(path, { type: 'directory', modified_at: this.timestamp() });
    this.changed({ kind: 'created', path });
  }

  private putFile(path: string, content: string): FileNode {
    this.ensureDirectory(parentOf(path));
    this.etagCounter += 1;
    // Unique across tabs sharing the stored tree, as a server's etags are across clients.
    const etag = `W/"${this.etagCounter}-${Math.random().toString(36).slice(2, 10)}"`;
    const node: FileNode = { type: 'file', content, etag, modified_at: this.timestamp() };
    this.nodes.set(path, node);
    this.persist();
    return node;
  }

  private transfer(from: string, to: string, { keepSource }: { keepSource: boolean }): void {
    if (!this.nodes.has(from)) throw new FilesError('FILE_NOT_FOUND', `${from} does not exist`);
    if (this.nodes.has(to)) throw new FilesError('ALREADY_EXISTS', `${to} already exists`);
    if (isWithin(to, from)) throw new FilesError('INVALID_PATH', `${to} is inside ${from}`);
    this.directory(parentOf(to));
    const moving = [...this.nodes].filter(([path]) => isWithin(path, from));
    for (const [path, node] of moving) {
      const target = to + path.slice(from.length);
      if (node.type === 'file') this.putFile(target, node.content);
      else this.nodes.set(target, { ...node });
      this.changed({ kind: 'created', path: target });
      if (!keepSource) {
        this.nodes.delete(path);
        this.changed({ kind: 'deleted', path });
      }
    }
    this.persist();
  }

  /** Another tab wrote the stored tree: adopt it and report what differs. */
  private takeInOtherTabsChanges(): void {
    const restored = this.options.persist && restore(this.options.persist);
    if (!restored) return;
    const next = new Map(restored.nodes);
    const events: WatchEvent[] = [];
    for (const [path, node] of next) {
      const before = this.nodes.get(path);
      if (!before) events.push({ kind: 'created', path });
      else if (before.type === 'file' && node.type === 'file' && before.etag !== node.etag)
        events.push({ kind: 'changed', path });
    }
    for (const path of this.nodes.keys()) if (!next.has(path)) events.push({ kind: 'deleted', path });
    this.nodes.clear();
    for (const [path, node] of next) this.nodes.set(path, node);
    this.etagCounter = Math.max(this.etagCounter, restored.etagCounter);
    for (const event of events) for (const watcher of this.watchers) watcher(event);
  }

  private changed(event: WatchEvent): void {
    this.persist();
    for (const watcher of this.watchers) watcher(event);
  }

  private persist(): void {
    const target = this.options.persist;
    if (!target) return;
    try {
      target.storage.setItem(target.key, JSON.stringify({ etagCounter: this.etagCounter, nodes: [...this.nodes] }));
    } catch {
      // Full storage: the demo goes on in memory.
    }
  }
}

function rank(entry: DirectoryEntry): number {
  return entry.type === 'directory' ? 0 : 1;
}

function searchPattern(query: SearchQuery): RegExp {
  const flags = query.case ? 'g' : 'gi';
  try {
    return new RegExp(query.regex ? query.q : query.q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags);
  } catch {
    throw new FilesError('VALIDATION_ERROR', 'Not a valid regular expression');
  }
}

function restore(persist: { storage: Storage; key: string }): { etagCounter: number; nodes: [string, Node][] } | null {
  try {
    const text = persist.storage.getItem(persist.key);
    if (!text) return null;
    const parsed = JSON.parse(text) as { etagCounter?: unknown; nodes?: unknown };
    if (typeof parsed.etagCounter !== 'number' || !Array.isArray(parsed.nodes)) return null;
    return { etagCounter: parsed.etagCounter, nodes: parsed.nodes as [string, Node][] };
  } catch {
    return null;
  }
}
