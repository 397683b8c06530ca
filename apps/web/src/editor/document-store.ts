// The open files' contents for one session: what the server has (text and etag), what is being
// typed, and what stands between them. A save always carries the etag it was read at; when the
// file changed elsewhere meanwhile the store fetches theirs and holds a conflict for the compare
// view — nothing is overwritten silently. Changes reported by `watch` reload a file nobody is
// editing, and mark one with unsaved edits.
import { describeFilesError } from '../workspace/files-error-message';
import { isWithin, type WatchEvent, type WorkspaceFiles } from '../workspace/workspace-files';

export interface Conflict {
  /** The server's text and etag when the save was refused. */
  theirs: string;
  etag: string;
}

export type OpenDocument =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'binary'; size: number }
  | {
      status: 'ready';
      /** What the editor holds now. */
      text: string;
      /** What the server has, as of `etag`. */
      saved: string;
      etag: string;
      dirty: boolean;
      saving: boolean;
      /** Bumped whenever the store replaced `text` itself (reload, theirs taken): the editor starts over from it. */
      revision: number;
      conflict: Conflict | null;
      /** The file changed or went away elsewhere while this tab had unsaved edits. */
      changedElsewhere: 'changed' | 'deleted' | null;
      saveError: string | null;
    };

type ReadyDocument = Extract<OpenDocument, { status: 'ready' }>;
export type SaveOutcome = 'saved' | 'conflict' | 'failed' | 'nothing';

export class DocumentStore {
  private documents: ReadonlyMap<string, OpenDocument> = new Map();
  private readonly listeners = new Set<() => void>();
  private readonly stopWatching: () => void;
  /** Paths to check again once their save settles (a change was reported meanwhile). */
  private readonly recheck = new Set<string>();
  private disposed = false;

  constructor(private readonly files: WorkspaceFiles) {
    this.stopWatching = files.watch((event) => this.onWatchEvent(event));
  }

  snapshot = (): ReadonlyMap<string, OpenDocument> => this.documents;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get(path: string): OpenDocument | undefined {
    return this.documents.get(path);
  }

  isDirty(path: string): boolean {
    const document = this.documents.get(path);
    return document?.status === 'ready' && document.dirty;
  }

  dirtyPaths(): string[] {
    return [...this.documents.keys()].filter((path) => this.isDirty(path));
  }

  /** Loads `path` unless it is loaded or loading. */
  open(path: string): void {
    const current = this.documents.get(path);
    if (current && current.status !== 'failed') return;
    this.set(path, { status: 'loading' });
    void this.load(path);
  }

  /** Reads `path` again after a failure. */
  retry(path: string): void {
    if (this.documents.get(path)?.status === 'failed') this.open(path);
  }

  /** What the editor holds now. */
  edit(path: string, text: string): void {
    const document = this.ready(path);
    if (!document || document.text === text) return;
    this.set(path, { ...document, text, dirty: text !== document.saved });
  }

  async save(path: string): Promise<SaveOutcome> {
    const document = this.ready(path);
    if (!document || document.saving || document.conflict) return 'nothing';
    if (!document.dirty && !document.changedElsewhere) return 'nothing';
    return this.write(path, document.text, document.changedElsewhere === 'deleted' ? null : document.etag);
  }

  /** Conflict resolved by taking the server's version: unsaved edits are dropped. */
  takeTheirs(path: string): void {
    const document = this.ready(path);
    if (!document?.conflict) return;
    const { theirs, etag } = document.conflict;
    this.set(path, this.replaced(document, theirs, etag));
  }

  /** Conflict resolved with `merged` (mine, or mine with parts of theirs), written over their version. */
  async saveMerged(path: string, merged: string): Promise<SaveOutcome> {
    const document = this.ready(path);
    if (!document?.conflict) return 'nothing';
    const { etag } = document.conflict;
    this.set(path, { ...document, text: merged, revision: document.revision + 1, conflict: null, changedElsewhere: null });
    return this.write(path, merged, etag);
  }

  /** Shows the compare view for a file that changed elsewhere while it had unsaved edits. */
  async compareWithTheirs(path: string): Promise<void> {
    const document = this.ready(path);
    if (!document) return;
    try {
      const theirs = await this.files.read(path);
      const now = this.ready(path);
      if (!now) return;
      this.set(path, { ...now, conflict: { theirs: theirs.content, etag: theirs.etag }, changedElsewhere: null });
    } catch (error) {
      const now = this.ready(path);
      if (now) this.set(path, { ...now, saveError: describeFilesError(error) });
    }
  }

  close(path: string): void {
    if (!this.documents.has(path)) return;
    const next = new Map(this.documents);
    next.delete(path);
    this.commit(next);
  }

  /** An Explorer rename or move: open documents under `from` now live under `to`. */
  renamed(from: string, to: string): void {
    if (![...this.documents.keys()].some((path) => isWithin(path, from))) return;
    const next = new Map<string, OpenDocument>();
    for (const [path, document] of this.documents) next.set(isWithin(path, from) ? to + path.slice(from.length) : path, document);
    this.commit(next);
  }

  dispose(): void {
    this.disposed = true;
    this.stopWatching();
    this.listeners.clear();
  }

  /* ------------------------------------------------------------------------------------------ */

  private async load(path: string): Promise<void> {
    try {
      const file = await this.files.read(path);
      if (this.documents.get(path)?.status !== 'loading') return;
      if (file.encoding === 'base64') {
        this.set(path, { status: 'binary', size: file.size });
        return;
      }
      this.set(path, {
        status: 'ready',
        text: file.content,
        saved: file.content,
        etag: file.etag,
        dirty: false,
        saving: false,
        revision: 0,
        conflict: null,
        changedElsewhere: null,
        saveError: null,
      });
    } catch (error) {
      if (this.documents.get(path)?.status === 'loading')
        this.set(path, { status: 'failed', message: describeFilesError(error) });
    }
  }

  private async write(path: string, text: string, expectedEtag: string | null): Promise<SaveOutcome> {
    const before = this.ready(path)!;
    this.set(path, { ...before, saving: true, saveError: null });
    let outcome: SaveOutcome;
    try {
      const result = await this.files.write(path, text, expectedEtag);
      const now = this.ready(path);
      if (!now) return 'nothing';
      if (result.status === 'written') {
        this.set(path, {
          ...now,
          saved: text,
          etag: result.etag,
          dirty: now.text !== text,
          saving: false,
          changedElsewhere: null,
        });
        outcome = 'saved';
      } else {
        const theirs = await this.files.read(path);
        const latest = this.ready(path);
        if (!latest) return 'nothing';
        this.set(path, {
          ...latest,
          saving: false,
          conflict: { theirs: theirs.content, etag: theirs.etag },
          changedElsewhere: null,
        });
        outcome = 'conflict';
      }
    } catch (error) {
      const now = this.ready(path);
      if (now) this.set(path, { ...now, saving: false, saveError: describeFilesError(error) });
      outcome = 'failed';
    }
    if (this.recheck.delete(path)) void this.refresh(path);
    return outcome;
  }

  private onWatchEvent(event: WatchEvent): void {
    if (this.disposed) return;
    // A change of the root: changes were missed (a reconnect), so every open file is checked.
    if (event.path === '' && event.kind === 'changed') {
      for (const path of this.documents.keys()) if (path !== '') this.onWatchEvent({ kind: 'changed', path });
      return;
    }
    const document = this.ready(event.path);
    if (!document) return;
    if (document.saving) {
      this.recheck.add(event.path);
      return;
    }
    if (event.kind === 'deleted') {
      this.set(event.path, { ...document, changedElsewhere: 'deleted', dirty: true });
      return;
    }
    void this.refresh(event.path);
  }

  /** Reads the file again: a new version replaces a clean document and marks a dirty one. */
  private async refresh(path: string): Promise<void> {
    let file;
    try {
      file = await this.files.read(path);
    } catch {
      return;
    }
    const document = this.ready(path);
    if (!document || document.saving || file.etag === document.etag || file.encoding === 'base64') return;
    if (document.dirty) this.set(path, { ...document, changedElsewhere: 'changed' });
    else this.set(path, this.replaced(document, file.content, file.etag));
  }

  private replaced(document: ReadyDocument, text: string, etag: string): ReadyDocument {
    return {
      ...document,
      text,
      saved: text,
      etag,
      dirty: false,
      revision: document.revision + 1,
      conflict: null,
      changedElsewhere: null,
      saveError: null,
    };
  }

  private ready(path: string): ReadyDocument | undefined {
    const document = this.documents.get(path);
    return document?.status === 'ready' ? document : undefined;
  }

  private set(path: string, document: OpenDocument): void {
    const next = new Map(this.documents);
    next.set(path, document);
    this.commit(next);
  }

  private commit(next: ReadonlyMap<string, OpenDocument>): void {
    if (this.disposed) return;
    this.documents = next;
    for (const listener of this.listeners) listener();
  }
}
