// WorkspaceFiles over the server's files API for one session: the files.* procedures through the
// typed tRPC client, and the REST routes (from the contract's meta) for the two operations that
// carry raw bytes — upload (multipart) and download. Every failure becomes a FilesError with the
// API's code; a write refused for a stale etag is a `conflict` result, never an error to show.
import { TRPCClientError, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@coditect/api';
import { apiContract, ZWatchEvent } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { RestCallError, restUrl, type RestClient } from '../api/rest-client';
import {
  FilesError,
  joinPath,
  type DirectoryPage,
  type FileContent,
  type SearchQuery,
  type SearchResults,
  type WatchEvent,
  type WorkspaceFiles,
  type WriteOptions,
  type WriteResult,
} from './workspace-files';

export type FilesProcedures = TRPCClient<AppRouter>['files'];

export interface ServerWorkspaceFilesOptions {
  sessionId: string;
  files: FilesProcedures;
  rest: RestClient;
  /** Turns a downloaded Blob into an address the browser can follow (URL.createObjectURL). */
  objectUrl?: (blob: Blob) => string;
}

export class ServerWorkspaceFiles implements WorkspaceFiles {
  private readonly sessionId: string;
  private readonly api: FilesProcedures;
  private readonly rest: RestClient;
  private readonly objectUrl: (blob: Blob) => string;
  private readonly watchers = new Set<(event: WatchEvent) => void>();
  private stopSubscription: (() => void) | null = null;

  constructor(options: ServerWorkspaceFilesOptions) {
    this.sessionId = options.sessionId;
    this.api = options.files;
    this.rest = options.rest;
    this.objectUrl = options.objectUrl ?? ((blob) => URL.createObjectURL(blob));
  }

  async list(dir: string, cursor?: string | null): Promise<DirectoryPage> {
    const answer = await call(this.api.get.query({ session_id: this.sessionId, path: dir, ...(cursor ? { cursor } : {}) }));
    if (answer.type !== 'directory') throw new FilesError('NOT_A_DIRECTORY', `${dir} is a file, not a folder`);
    return {
      entries: answer.entries.map(({ name, type, size, modified_at }) => ({ name, type, size, modified_at })),
      next_cursor: answer.next_cursor,
    };
  }

  async read(path: string): Promise<FileContent> {
    const answer = await call(this.api.get.query({ session_id: this.sessionId, path }));
    if (answer.type !== 'file') throw new FilesError('IS_A_DIRECTORY', `${path} is a folder`);
    const { content, encoding, size, etag, modified_at } = answer;
    return { path: answer.path, content, encoding, size, etag, modified_at };
  }

  async write(path: string, content: string, expectedEtag: string | null, options: WriteOptions = {}): Promise<WriteResult> {
    // The API's expected_etag null means "only if it does not exist"; absent, "whatever is there".
    const expected = options.onlyIfMissing ? null : (expectedEtag ?? undefined);
    try {
      const written = await this.api.write.mutate({
        session_id: this.sessionId,
        path,
        content,
        ...(expected === undefined ? {} : { expected_etag: expected }),
      });
      return { status: 'written', etag: written.etag };
    } catch (error) {
      const failure = filesError(error);
      if (failure.code !== 'CONFLICT') throw failure;
      const current = currentEtag(failure.details);
      if (options.onlyIfMissing) throw new FilesError('ALREADY_EXISTS', `${path} already exists`);
      if (current === null) throw new FilesError('FILE_NOT_FOUND', `${path} was deleted elsewhere`);
      return { status: 'conflict', current_etag: current };
    }
  }

  async mkdir(path: string): Promise<void> {
    await call(this.api.create.mutate({ session_id: this.sessionId, path, type: 'directory' }));
  }

  async move(from: string, to: string): Promise<void> {
    await call(this.api.create.mutate({ session_id: this.sessionId, path: from, move_to: to }));
  }

  async copy(from: string, to: string): Promise<void> {
    await call(this.api.create.mutate({ session_id: this.sessionId, path: from, copy_to: to }));
  }

  async delete(path: string): Promise<void> {
    await call(this.api.delete.mutate({ session_id: this.sessionId, path, recursive: true }));
  }

  async search(query: SearchQuery): Promise<SearchResults> {
    const answer = await call(
      this.api.search.query({
        session_id: this.sessionId,
        q: query.q,
        regex: query.regex ?? false,
        case: query.case ?? false,
        ...(query.glob ? { glob: query.glob } : {}),
      }),
    );
    return { matches: answer.matches, truncated: answer.truncated || answer.timed_out };
  }

  async find(q: string): Promise<string[]> {
    const answer = await call(this.api.find.query({ session_id: this.sessionId, q }));
    return answer.files.map((file) => file.path);
  }

  async upload(dir: string, files: readonly File[]): Promise<string[]> {
    const body = new FormData();
    // The part's file name is its path under `dir` (a dropped folder keeps its layout).
    for (const file of files) body.append('files', file, relativePathOf(file));
    const url = restUrl(apiContract.files.upload.meta.rest, { session_id: this.sessionId, path: dir });
    const response = await restCall(this.rest.fetch(url, { method: 'POST', body }));
    const answer = (await response.json()) as { data?: { paths?: unknown } };
    const paths = Array.isArray(answer.data?.paths) ? answer.data.paths.filter((p) => typeof p === 'string') : [];
    return paths.map((path) => joinPath(dir, path));
  }

  async downloadUrl(path: string): Promise<string> {
    // Fetched with the token in a header (a link cannot carry one) and handed over as a blob: URL.
    const url = restUrl(apiContract.files.download.meta.rest, { session_id: this.sessionId, path });
    const response = await restCall(this.rest.fetch(url));
    return this.objectUrl(await response.blob());
  }

  watch(onEvent: (event: WatchEvent) => void): () => void {
    this.watchers.add(onEvent);
    if (!this.stopSubscription) this.subscribe();
    return () => {
      this.watchers.delete(onEvent);
      if (this.watchers.size === 0) {
        this.stopSubscription?.();
        this.stopSubscription = null;
      }
    };
  }

  /** One SSE stream per session, shared by every watcher (the tree and the open documents). */
  private subscribe(): void {
    let readyBefore = false;
    const subscription = this.api.watch.subscribe(
      { session_id: this.sessionId },
      {
        onData: (tracked) => {
          for (const event of watchEventsOf(tracked.data, readyBefore)) for (const watcher of this.watchers) watcher(event);
          if (tracked.data.type === 'ready') readyBefore = true;
        },
        // The link reconnects by itself; a refusal (the session is gone) ends the stream.
        onError: () => undefined,
      },
    );
    this.stopSubscription = () => subscription.unsubscribe();
  }
}

/**
 * What one server event means to the watchers. A second `ready` (after a reconnect) or an
 * `overflow` says changes were missed: reported as a change of the root, so listings reload.
 */
export function watchEventsOf(event: unknown, readyBefore: boolean): WatchEvent[] {
  const parsed = ZWatchEvent.safeParse(event);
  if (!parsed.success) return [];
  const data = parsed.data;
  switch (data.type) {
    case 'changes':
      return data.changes.filter((change) => change.type !== 'other').map(({ kind, path }) => ({ kind, path }));
    case 'ready':
      return readyBefore ? [{ kind: 'changed', path: '' }] : [];
    case 'overflow':
      return [{ kind: 'changed', path: '' }];
    case 'limit':
      return [];
  }
}

function relativePathOf(file: File): string {
  const relative = (file as File & { webkitRelativePath?: string }).webkitRelativePath;
  return relative && relative !== '' ? relative : file.name;
}

function currentEtag(details: unknown): string | null {
  if (details && typeof details === 'object' && 'current_etag' in details) {
    const etag = (details as { current_etag: unknown }).current_etag;
    return typeof etag === 'string' ? etag : null;
  }
  return null;
}

/** A call's result, or its failure as a FilesError. */
async function call<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw filesError(error);
  }
}

async function restCall(work: Promise<Response>): Promise<Response> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof RestCallError) {
      throw new FilesError(error.code, error.message, error.details, error.retryAfterSeconds);
    }
    throw new FilesError('NETWORK_ERROR', 'Cannot reach the server');
  }
}

export function filesError(error: unknown): FilesError {
  if (error instanceof FilesError) return error;
  if (!(error instanceof TRPCClientError)) return new FilesError('NETWORK_ERROR', 'Cannot reach the server');
  const failure = describeApiError(error);
  const data = (error as TRPCClientError<AppRouter>).data;
  // The server's own sentence for file errors (it names workspace paths); the field message for a validation error.
  const message = failure.code === 'VALIDATION_ERROR' ? (Object.values(failure.fieldErrors)[0] ?? error.message) : error.message;
  return new FilesError(failure.code, message, data?.details, failure.retryAfterSeconds);
}
