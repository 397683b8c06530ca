// Uploads (multipart files, .zip, .tar.gz) streamed into a folder, all or nothing; the limits on
// what is read (upload body, a file read or written whole as JSON, a folder zipped) and the
// workspace and tenant quotas, each a clear 4xx.
import { describe, expect, it } from 'vitest';
import { buildTarGz, buildZip } from '../../../../packages/workspace/test/archive-builder';
import { sessionFiles } from '../support/session-files';
import { useTestServer } from '../support/test-server';

function multipart(files: Array<[string, string]>, boundary = 'upload-boundary'): { body: string; type: string } {
  const parts = files.map(
    ([name, content]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n`,
  );
  return { body: `${parts.join('')}--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
}

describe('uploads', () => {
  const server = useTestServer({ env: { UPLOAD_LIMIT: '64kb' } });

  it('takes many files as multipart/form-data into a folder, created on the way', async () => {
    const files = await sessionFiles(server);
    const { body, type } = multipart([
      ['a.txt', 'alpha'],
      ['nested/b.txt', 'beta'],
      ['ünïcödé.md', 'gamma'],
    ]);
    const uploaded = await files.upload('incoming/batch', body, type);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.data).toMatchObject({ path: 'incoming/batch', files: 3, bytes: 14, overwritten: 0, skipped: 0 });
    expect(uploaded.body.data.paths.sort()).toEqual(['a.txt', 'nested/b.txt', 'ünïcödé.md']);
    expect((await files.get('incoming/batch/ünïcödé.md')).body.data.content).toBe('gamma');
  });

  it('extracts a .zip and a .tar.gz, judged by content type or named with archive=', async () => {
    const files = await sessionFiles(server);
    const zip = buildZip([
      { name: 'pkg/', mode: 0o040755 },
      { name: 'pkg/index.js', data: 'module.exports = 1;\n', deflate: true },
    ]);
    const zipped = await files.upload('vendor', zip, 'application/zip');
    expect([zipped.status, zipped.body.data.files, zipped.body.data.directories]).toEqual([201, 1, 1]);
    const tar = buildTarGz([{ path: 'docs/readme.md', data: '# docs\n' }]);
    const tarred = await files.upload('', tar, 'application/octet-stream', 'archive=tar.gz');
    expect(tarred.status).toBe(201);
    expect((await files.get('docs/readme.md')).body.data.content).toBe('# docs\n');
  });

  it('refuses an upload over existing files unless overwrite, leaving nothing behind', async () => {
    const files = await sessionFiles(server);
    await files.put('dest/a.txt', { content: 'old' });
    const { body, type } = multipart([
      ['a.txt', 'new'],
      ['b.txt', 'b'],
    ]);
    const refused = await files.upload('dest', body, type);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'ALREADY_EXISTS']);
    expect((await files.get('dest')).body.data.entries.map((entry: { name: string }) => entry.name)).toEqual(['a.txt']);
    const replaced = await files.upload('dest', body, type, 'overwrite=1');
    expect([replaced.status, replaced.body.data.overwritten]).toEqual([201, 1]);
    expect((await files.get('dest/a.txt')).body.data.content).toBe('new');
  });

  it('refuses a body over UPLOAD_LIMIT with 413, whether declared or streamed, and writes nothing', async () => {
    const files = await sessionFiles(server);
    const { body, type } = multipart([['big.bin', 'x'.repeat(100 * 1024)]]);
    const declared = await files.upload('', body, type);
    expect([declared.status, declared.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const chunks = [Buffer.from(body.slice(0, 32 * 1024)), Buffer.from(body.slice(32 * 1024))];
    const streamed = await files.upload(
      '',
      new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      }),
      type,
    );
    expect([streamed.status, streamed.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect((await files.get('')).body.data.entries).toEqual([]);
  });

  it('answers 400 for a body it cannot read as files or an archive', async () => {
    const files = await sessionFiles(server);
    const plain = await files.upload('', 'hello', 'text/plain');
    expect([plain.status, plain.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
    const noBoundary = await files.upload('', 'hello', 'multipart/form-data');
    expect([noBoundary.status, noBoundary.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
    const badArchive = await files.upload('', 'hello', 'application/zip');
    expect([badArchive.status, badArchive.body.error.code]).toEqual([422, 'INVALID_ARCHIVE']);
    const badFormat = await files.upload('', 'hello', 'application/zip', 'archive=rar');
    expect(badFormat.status).toBe(400);
  });

  it('reads a whole-file write within the file limit (twice FILE_EDIT_LIMIT), not BODY_LIMIT, over REST and tRPC', async () => {
    const files = await sessionFiles(server);
    const content = 'w'.repeat(2 * 1024 * 1024); // over the 1 MiB BODY_LIMIT, within the 10 MiB edit limit
    expect((await files.put('big.txt', { content })).status).toBe(200);
    const viaTrpc = await fetch(`${server.url}/trpc/files.write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${files.user.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ session_id: files.sessionId, path: 'big2.txt', content }),
    });
    expect(viaTrpc.status).toBe(200);
    // Other operations keep BODY_LIMIT.
    const session = await server.api.put(
      `/sessions/${files.sessionId}`,
      { name: 'n'.repeat(2 * 1024 * 1024) },
      files.user.accessToken,
    );
    expect([session.status, session.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('is REST only: over tRPC the operation is refused, as is a raw download', async () => {
    const files = await sessionFiles(server);
    const auth = { authorization: `Bearer ${files.user.accessToken}` };
    const upload = await fetch(`${server.url}/trpc/files.upload`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ session_id: files.sessionId, path: '' }),
    });
    expect(upload.status).toBe(405);
    expect((await upload.json()).error.data.appCode).toBe('METHOD_NOT_ALLOWED');
    const input = encodeURIComponent(JSON.stringify({ session_id: files.sessionId, path: '' }));
    const download = await fetch(`${server.url}/trpc/files.download?input=${input}`, { headers: auth });
    expect(download.status).toBe(405);
    // The JSON operations are served over tRPC as over REST.
    await files.put('t.txt', { content: 'via rest' });
    const read = await fetch(
      `${server.url}/trpc/files.get?input=${encodeURIComponent(JSON.stringify({ session_id: files.sessionId, path: 't.txt' }))}`,
      { headers: auth },
    );
    expect((await read.json()).result.data).toMatchObject({ type: 'file', content: 'via rest' });
  });
});

describe('limits and quotas', () => {
  const server = useTestServer({
    env: {
      FILE_EDIT_LIMIT: '1kb',
      DOWNLOAD_LIMIT: '4kb',
      WORKSPACE_MAX_BYTES: '16kb',
      WORKSPACE_MAX_FILES: '20',
      WORKSPACE_MAX_FILE_SIZE: '6kb',
      TENANT_WORKSPACES_MAX_BYTES: '24kb',
      TENANT_WORKSPACES_MAX_FILES: '45',
    },
  });

  it('reads and writes whole files as JSON up to FILE_EDIT_LIMIT; larger ones go raw', async () => {
    const files = await sessionFiles(server);
    expect((await files.put('small.txt', { content: 'x'.repeat(1024) })).status).toBe(200);
    expect((await files.get('small.txt')).status).toBe(200);
    await files.upload(
      '',
      `--b\r\nContent-Disposition: form-data; name="f"; filename="big.txt"\r\n\r\n${'y'.repeat(3000)}\r\n--b--\r\n`,
      'multipart/form-data; boundary=b',
    );
    const tooBig = await files.get('big.txt');
    expect([tooBig.status, tooBig.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const raw = await files.raw('big.txt');
    expect([raw.status, (await raw.text()).length]).toEqual([200, 3000]);
    const over = await files.put('over.txt', { content: 'z'.repeat(1025) });
    expect([over.status, over.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    // The JSON body of a write may be BODY_LIMIT or twice the edit limit plus room; past that, 413 unread.
    const body = await files.put('huge.txt', { content: 'z'.repeat(1100 * 1024) });
    expect([body.status, body.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('refuses a folder over DOWNLOAD_LIMIT as a zip', async () => {
    const files = await sessionFiles(server);
    for (const name of ['a', 'b', 'c']) await files.put(`dl/${name}.txt`, { content: 'd'.repeat(1000) });
    expect((await files.raw('dl')).status).toBe(200);
    await files.put('dl/d.txt', { content: 'd'.repeat(1000) });
    await files.put('dl/e.txt', { content: 'd'.repeat(1000) });
    const refused = await files.raw('dl');
    expect([refused.status, (await refused.json()).error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('enforces the file size, the workspace bytes and files, and the tenant bytes and files with QUOTA_EXCEEDED', async () => {
    const files = await sessionFiles(server);
    const chunk = 'q'.repeat(1000);
    const big = await files.upload(
      '',
      `--b\r\nContent-Disposition: form-data; name="f"; filename="big.bin"\r\n\r\n${'q'.repeat(7000)}\r\n--b--\r\n`,
      'multipart/form-data; boundary=b',
    );
    expect([big.status, big.body.error.code, big.body.error.details.limit]).toEqual([413, 'QUOTA_EXCEEDED', 'file_bytes']);

    for (let index = 0; index < 16; index += 1) expect((await files.put(`f${index}.txt`, { content: chunk })).status).toBe(200);
    const full = await files.put('one-more.txt', { content: chunk });
    expect([full.status, full.body.error.code]).toEqual([413, 'QUOTA_EXCEEDED']);
    expect(full.body.error.details).toMatchObject({ limit: 'workspace_bytes', used: 16_000, requested: 1000, max: 16 * 1024 });
    // Freeing space is always allowed.
    expect((await files.delete('f0.txt')).status).toBe(200);

    for (let index = 0; index < 3; index += 1) await files.post(`dirs/${index}`, { type: 'directory' });
    const many = await files.post('dirs/3/x/y', { type: 'directory' });
    expect([many.status, many.body.error.details.limit]).toEqual([413, 'workspace_entries']);

    // Another session of the same tenant: the tenant's 24,576 bytes hold 15,000 already.
    const second = await sessionFiles(server, files.user);
    for (let index = 0; index < 9; index += 1) expect((await second.put(`g${index}.txt`, { content: chunk })).status).toBe(200);
    const tenantFull = await second.put('g-more.txt', { content: chunk });
    expect([tenantFull.status, tenantFull.body.error.details.limit]).toEqual([413, 'tenant_bytes']);
    // The tenant's files: 19 entries in the first session, 9 in the second, 45 at most.
    const third = await sessionFiles(server, files.user);
    const deep = (levels: number) => Array.from({ length: levels }, (_, index) => `d${index}`).join('/');
    const tenantEntries = await third.post(deep(18), { type: 'directory' });
    expect([tenantEntries.status, tenantEntries.body.error.details.limit]).toEqual([413, 'tenant_entries']);
    expect((await third.post(deep(17), { type: 'directory' })).status).toBe(201);

    // A fork copies the files and counts against the same quotas.
    const fork = await server.api.post(`/sessions/${files.sessionId}/fork`, {}, files.user.accessToken);
    expect([fork.status, fork.body.error.code]).toEqual([413, 'QUOTA_EXCEEDED']);
    const sessions = await server.api.get('/sessions', files.user.accessToken);
    expect(sessions.body.data.count).toBe(3);
  });
});
