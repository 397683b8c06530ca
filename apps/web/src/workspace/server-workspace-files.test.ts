import { describe, expect, it, vi } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import { createRestClient, restUrl } from '../api/rest-client';
import { apiContract } from '@coditect/api/contract';
import { describeFilesError } from './files-error-message';
import { ServerWorkspaceFiles, watchEventsOf, type FilesProcedures } from './server-workspace-files';
import { FilesError, type WatchEvent } from './workspace-files';

const SESSION = 'ses_1';
const WHEN = '2026-12-03T05:00:00.000Z';

function serverError(appCode: string, message: string, details?: unknown) {
  return TRPCClientError.from({ error: { message, code: -32600, data: { appCode, ...(details ? { details } : {}) } } });
}

/** The files procedures as the tRPC client exposes them, each a mock the test answers. */
function fakeProcedures() {
  const calls = {
    get: vi.fn(),
    write: vi.fn(),
    create: vi.fn(),
    delete: vi.fn(),
    search: vi.fn(),
    find: vi.fn(),
    watch: vi.fn(),
  };
  const procedures = {
    get: { query: calls.get },
    write: { mutate: calls.write },
    create: { mutate: calls.create },
    delete: { mutate: calls.delete },
    search: { query: calls.search },
    find: { query: calls.find },
    watch: { subscribe: calls.watch },
  } as unknown as FilesProcedures;
  return { calls, procedures };
}

function adapter(fetchImpl: typeof fetch = () => Promise.reject(new Error('no REST here'))) {
  const { calls, procedures } = fakeProcedures();
  const rest = createRestClient({ accessToken: async () => 'tok', tokenAfterRejection: async () => 'fresh' }, fetchImpl);
  const files = new ServerWorkspaceFiles({ sessionId: SESSION, files: procedures, rest, objectUrl: () => 'blob:x' });
  return { calls, files };
}

describe('ServerWorkspaceFiles', () => {
  it('lists a directory page by page and reads a file with its etag', async () => {
    const { calls, files } = adapter();
    calls.get.mockResolvedValueOnce({
      type: 'directory',
      path: 'src',
      entries: [{ name: 'app.ts', path: 'src/app.ts', type: 'file', size: 3, modified_at: WHEN }],
      next_cursor: 'c2',
      total: 201,
    });
    expect(await files.list('src')).toEqual({
      entries: [{ name: 'app.ts', type: 'file', size: 3, modified_at: WHEN }],
      next_cursor: 'c2',
    });
    expect(calls.get).toHaveBeenLastCalledWith({ session_id: SESSION, path: 'src' });
    calls.get.mockResolvedValueOnce({ type: 'directory', path: 'src', entries: [], next_cursor: null, total: 201 });
    await files.list('src', 'c2');
    expect(calls.get).toHaveBeenLastCalledWith({ session_id: SESSION, path: 'src', cursor: 'c2' });

    calls.get.mockResolvedValueOnce({
      type: 'file',
      path: 'src/app.ts',
      content: 'x=1',
      encoding: 'utf-8',
      size: 3,
      etag: '"e1"',
      modified_at: WHEN,
    });
    expect(await files.read('src/app.ts')).toEqual({
      path: 'src/app.ts',
      content: 'x=1',
      encoding: 'utf-8',
      size: 3,
      etag: '"e1"',
      modified_at: WHEN,
    });
  });

  it('refuses to list a file or read a folder', async () => {
    const { calls, files } = adapter();
    calls.get.mockResolvedValue({ type: 'directory', path: 'src', entries: [], next_cursor: null, total: 0 });
    await expect(files.read('src')).rejects.toMatchObject({ code: 'IS_A_DIRECTORY' });
  });

  it('writes with the etag it read, and answers a stale etag with a conflict carrying the current one', async () => {
    const { calls, files } = adapter();
    calls.write.mockResolvedValueOnce({ path: 'a.ts', size: 1, etag: '"e2"', modified_at: WHEN, created: false });
    expect(await files.write('a.ts', 'x', '"e1"')).toEqual({ status: 'written', etag: '"e2"' });
    expect(calls.write).toHaveBeenLastCalledWith({ session_id: SESSION, path: 'a.ts', content: 'x', expected_etag: '"e1"' });

    calls.write.mockRejectedValueOnce(
      serverError('CONFLICT', 'The file changed since it was read: a.ts', { path: 'a.ts', current_etag: '"e3"' }),
    );
    expect(await files.write('a.ts', 'y', '"e2"')).toEqual({ status: 'conflict', current_etag: '"e3"' });
  });

  it('says a file was deleted elsewhere when the conflict finds nothing there', async () => {
    const { calls, files } = adapter();
    calls.write.mockRejectedValueOnce(serverError('CONFLICT', 'changed', { path: 'a.ts', current_etag: null }));
    await expect(files.write('a.ts', 'y', '"e2"')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('writes unconditionally without an etag, and creates only a missing file when asked', async () => {
    const { calls, files } = adapter();
    calls.write.mockResolvedValue({ path: 'n.ts', size: 0, etag: '"n"', modified_at: WHEN, created: true });
    await files.write('n.ts', '', null);
    expect(calls.write).toHaveBeenLastCalledWith({ session_id: SESSION, path: 'n.ts', content: '' });
    await files.write('n.ts', '', null, { onlyIfMissing: true });
    expect(calls.write).toHaveBeenLastCalledWith({ session_id: SESSION, path: 'n.ts', content: '', expected_etag: null });
    calls.write.mockRejectedValueOnce(serverError('CONFLICT', 'changed', { path: 'n.ts', current_etag: '"n"' }));
    const refused = files.write('n.ts', '', null, { onlyIfMissing: true });
    await expect(refused).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });

  it('creates folders, moves, copies and deletes through files.create and files.delete', async () => {
    const { calls, files } = adapter();
    calls.create.mockResolvedValue({});
    calls.delete.mockResolvedValue({});
    await files.mkdir('lib/deep');
    await files.move('a.ts', 'b.ts');
    await files.copy('b.ts', 'c.ts');
    await files.delete('lib');
    expect(calls.create.mock.calls.map(([input]: unknown[]) => input)).toEqual([
      { session_id: SESSION, path: 'lib/deep', type: 'directory' },
      { session_id: SESSION, path: 'a.ts', move_to: 'b.ts' },
      { session_id: SESSION, path: 'b.ts', copy_to: 'c.ts' },
    ]);
    expect(calls.delete).toHaveBeenCalledWith({ session_id: SESSION, path: 'lib', recursive: true });
  });

  it('turns every API failure into a FilesError with its code and a message for people', async () => {
    const { calls, files } = adapter();
    calls.create.mockRejectedValueOnce(serverError('ALREADY_EXISTS', 'Already exists: b.ts', { path: 'b.ts' }));
    const failure = await files.move('a.ts', 'b.ts').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FilesError);
    expect(failure).toMatchObject({ code: 'ALREADY_EXISTS', message: 'Already exists: b.ts' });
    expect(describeFilesError(failure)).toBe('Already exists: b.ts. Pick another name.');

    calls.get.mockRejectedValueOnce(serverError('QUOTA_EXCEEDED', 'Quota exceeded: workspace_bytes'));
    expect(describeFilesError(await files.list('').catch((error: unknown) => error))).toBe(
      'Quota exceeded: workspace_bytes. The workspace is full: delete something, then try again.',
    );
    calls.find.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const offline = await files.find('x').catch((error: unknown) => error);
    expect(offline).toMatchObject({ code: 'NETWORK_ERROR' });
    expect(describeFilesError(offline)).toBe('Cannot reach the server. Check your connection and try again.');
  });

  it('searches with the query’s options and finds files by name', async () => {
    const { calls, files } = adapter();
    calls.search.mockResolvedValueOnce({
      matches: [{ path: 'a.ts', line: 2, column: 5, preview: 'let x' }],
      truncated: false,
      timed_out: true,
    });
    expect(await files.search({ q: 'x', regex: true, glob: '*.ts' })).toEqual({
      matches: [{ path: 'a.ts', line: 2, column: 5, preview: 'let x' }],
      truncated: true,
    });
    expect(calls.search).toHaveBeenCalledWith({ session_id: SESSION, q: 'x', regex: true, case: false, glob: '*.ts' });
    calls.find.mockResolvedValueOnce({ files: [{ path: 'src/app.ts', score: 3, positions: [4] }], index_truncated: false });
    expect(await files.find('app')).toEqual(['src/app.ts']);
  });

  it('uploads as multipart to the upload route and downloads through the raw route with the token', async () => {
    const requests: { url: string; init: RequestInit | undefined }[] = [];
    const fetchImpl = (async (url: string, init?: RequestInit) => {
      requests.push({ url, init });
      if (init?.method === 'POST') return Response.json({ success: true, data: { paths: ['one.txt', 'deep/two.txt'] } });
      return new Response('bytes');
    }) as typeof fetch;
    const { files } = adapter(fetchImpl);
    const written = await files.upload('my dir', [new File(['1'], 'one.txt'), new File(['2'], 'two.txt')]);
    expect(written).toEqual(['my dir/one.txt', 'my dir/deep/two.txt']);
    expect(requests[0]?.url).toBe(restUrl(apiContract.files.upload.meta.rest, { session_id: SESSION, path: 'my dir' }));
    expect(requests[0]?.url).toBe('/api/v5/sessions/ses_1/upload/my%20dir');
    expect(new Headers(requests[0]?.init?.headers).get('authorization')).toBe('Bearer tok');
    expect(requests[0]?.init?.body).toBeInstanceOf(FormData);

    expect(await files.downloadUrl('src/a b.ts')).toBe('blob:x');
    expect(requests[1]?.url).toBe('/api/v5/sessions/ses_1/files/src/a%20b.ts?raw=1');
  });

  it('tries a REST call once more with a fresh token, and reads the envelope’s error', async () => {
    const tokens: (string | null)[] = [];
    let calls = 0;
    const fetchImpl = (async (_url: string, init?: RequestInit) => {
      tokens.push(new Headers(init?.headers).get('authorization'));
      calls += 1;
      if (calls === 1)
        return Response.json({ success: false, error: { code: 'TOKEN_EXPIRED', message: 'expired' } }, { status: 401 });
      return Response.json(
        { success: false, error: { code: 'PAYLOAD_TOO_LARGE', message: 'Upload too large' } },
        { status: 413 },
      );
    }) as typeof fetch;
    const { files } = adapter(fetchImpl);
    const failure = await files.upload('', [new File(['x'], 'x.bin')]).catch((error: unknown) => error);
    expect(tokens).toEqual(['Bearer tok', 'Bearer fresh']);
    expect(failure).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'Upload too large' });
  });

  it('shares one watch stream among its watchers and closes it with the last', () => {
    const { calls, files } = adapter();
    const unsubscribe = vi.fn();
    let onData: ((value: { id: string; data: unknown }) => void) | undefined;
    calls.watch.mockImplementation((_input: unknown, handlers: { onData: typeof onData }) => {
      onData = handlers.onData;
      return { unsubscribe };
    });
    const seenA: WatchEvent[] = [];
    const seenB: WatchEvent[] = [];
    const stopA = files.watch((event) => seenA.push(event));
    const stopB = files.watch((event) => seenB.push(event));
    expect(calls.watch).toHaveBeenCalledTimes(1);
    expect(calls.watch).toHaveBeenCalledWith({ session_id: SESSION }, expect.anything());
    onData?.({ id: '1', data: { type: 'ready' } });
    onData?.({
      id: '2',
      data: { type: 'changes', changes: [{ kind: 'changed', path: 'a.ts', type: 'file' }] },
    });
    expect(seenA).toEqual([{ kind: 'changed', path: 'a.ts' }]);
    expect(seenB).toEqual(seenA);
    stopA();
    expect(unsubscribe).not.toHaveBeenCalled();
    stopB();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('reports missed changes (a reconnect, an overflow) as a change of the root', () => {
    expect(watchEventsOf({ type: 'ready' }, false)).toEqual([]);
    expect(watchEventsOf({ type: 'ready' }, true)).toEqual([{ kind: 'changed', path: '' }]);
    expect(watchEventsOf({ type: 'overflow' }, true)).toEqual([{ kind: 'changed', path: '' }]);
    expect(
      watchEventsOf(
        {
          type: 'changes',
          changes: [
            { kind: 'created', path: 'd', type: 'directory' },
            { kind: 'deleted', path: 'fifo', type: 'other' },
          ],
        },
        true,
      ),
    ).toEqual([{ kind: 'created', path: 'd' }]);
    expect(watchEventsOf({ type: 'something new' }, true)).toEqual([]);
  });
});
