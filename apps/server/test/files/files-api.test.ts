// The files API over REST: reading and listing, writing with etags, directories, moves and copies,
// deletes, raw downloads (a file's bytes, a folder as .zip), search and quick open.
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { useTestServer } from '../support/test-server';
import { sessionFiles } from '../support/session-files';

describe('files API', () => {
  const server = useTestServer();

  it('writes a file with its parents, reads it back with its etag, and lists directories first', async () => {
    const files = await sessionFiles(server);
    const written = await files.put('src/app.ts', { content: 'export const a = 1;\n' });
    expect(written.status).toBe(200);
    expect(written.body.data).toMatchObject({ path: 'src/app.ts', size: 20, created: true });
    expect(written.headers.get('etag')).toBe(`"${written.body.data.etag}"`);
    await files.put('README.md', { content: '# hi\n' });
    await files.put('a-dir/x.txt', { content: 'x' });

    const read = await files.get('src/app.ts');
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({
      type: 'file',
      path: 'src/app.ts',
      content: 'export const a = 1;\n',
      encoding: 'utf-8',
      size: 20,
      etag: written.body.data.etag,
    });
    expect(read.headers.get('etag')).toBe(`"${written.body.data.etag}"`);

    const root = await files.get('');
    expect(root.status).toBe(200);
    expect(root.body.data.type).toBe('directory');
    expect(root.body.data.entries.map((entry: { name: string; type: string }) => `${entry.type}:${entry.name}`)).toEqual([
      'directory:a-dir',
      'directory:src',
      'file:README.md',
    ]);
    expect(root.headers.get('etag')).toBeNull();
    // A trailing slash names the same directory.
    expect((await files.get('src/')).body.data.entries.map((entry: { name: string }) => entry.name)).toEqual(['app.ts']);
  });

  it('pages a large directory', async () => {
    const files = await sessionFiles(server);
    for (const name of ['a', 'b', 'c', 'd', 'e']) await files.put(`many/${name}.txt`, { content: name });
    const first = await files.get('many', 'limit=2');
    expect(first.body.data.entries.map((entry: { name: string }) => entry.name)).toEqual(['a.txt', 'b.txt']);
    expect(first.body.data.total).toBe(5);
    const second = await files.get('many', `limit=2&cursor=${encodeURIComponent(first.body.data.next_cursor)}`);
    expect(second.body.data.entries.map((entry: { name: string }) => entry.name)).toEqual(['c.txt', 'd.txt']);
    expect((await files.get('many', 'limit=1001')).status).toBe(400);
  });

  it('answers binary content in base64 and takes it the same way', async () => {
    const files = await sessionFiles(server);
    const bytes = Buffer.from([0, 255, 1, 254, 0xc3]);
    expect((await files.put('bin/blob', { content: bytes.toString('base64'), encoding: 'base64' })).status).toBe(200);
    const read = await files.get('bin/blob');
    expect(read.body.data).toMatchObject({ encoding: 'base64', size: 5, content: bytes.toString('base64') });
    const bad = await files.put('bin/bad', { content: 'not base64!', encoding: 'base64' });
    expect([bad.status, bad.body.error.code, bad.body.error.details[0].path]).toEqual([400, 'VALIDATION_ERROR', 'content']);
  });

  it('writes only over the etag the writer read (If-Match or expected_etag), answering the current one on conflict', async () => {
    const files = await sessionFiles(server);
    const first = await files.put('doc.txt', { content: 'one' });
    const etag = first.body.data.etag as string;
    const second = await files.put('doc.txt', { content: 'two' }, { 'if-match': `"${etag}"` });
    expect(second.status).toBe(200);
    const stale = await files.put('doc.txt', { content: 'three' }, { 'if-match': `"${etag}"` });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'CONFLICT',
      details: { path: 'doc.txt', current_etag: second.body.data.etag },
    });
    const staleBody = await files.put('doc.txt', { content: 'three', expected_etag: etag });
    expect(staleBody.body.error.code).toBe('CONFLICT');
    // null: only if the file does not exist yet.
    expect((await files.put('doc.txt', { content: 'x', expected_etag: null })).body.error.code).toBe('CONFLICT');
    expect((await files.put('new.txt', { content: 'x', expected_etag: null })).status).toBe(200);
    expect((await files.get('doc.txt')).body.data.content).toBe('two');
  });

  it('creates directories, moves and copies, refusing an existing target unless overwrite', async () => {
    const files = await sessionFiles(server);
    const made = await files.post('lib/util', { type: 'directory' });
    expect([made.status, made.body.data]).toEqual([
      201,
      { action: 'directory', path: 'lib/util', from: null, type: 'directory', entries: 2, overwritten: false },
    ]);
    await files.put('lib/util/a.ts', { content: 'a' });
    const copied = await files.post('lib', { copy_to: 'lib-copy' });
    expect(copied.body.data).toMatchObject({ action: 'copy', path: 'lib-copy', from: 'lib', type: 'directory', entries: 3 });
    const moved = await files.post('lib-copy/util/a.ts', { move_to: 'moved/a.ts' });
    expect(moved.body.data).toMatchObject({ action: 'move', path: 'moved/a.ts', from: 'lib-copy/util/a.ts', type: 'file' });
    await files.put('other.ts', { content: 'other' });
    const clash = await files.post('other.ts', { move_to: 'moved/a.ts' });
    expect([clash.status, clash.body.error.code]).toEqual([409, 'ALREADY_EXISTS']);
    const replaced = await files.post('other.ts', { move_to: 'moved/a.ts', overwrite: true });
    expect(replaced.body.data.overwritten).toBe(true);
    expect((await files.get('moved/a.ts')).body.data.content).toBe('other');
    const neither = await files.post('x', {});
    expect([neither.status, neither.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
    const both = await files.post('x', { type: 'directory', move_to: 'y' });
    expect(both.status).toBe(400);
  });

  it('deletes files, empty directories, and full ones only with recursive', async () => {
    const files = await sessionFiles(server);
    await files.put('tmp/a/b.txt', { content: 'bb' });
    const refused = await files.delete('tmp');
    expect([refused.status, refused.body.error.code]).toEqual([409, 'DIRECTORY_NOT_EMPTY']);
    const removed = await files.delete('tmp', 'recursive=1');
    expect([removed.status, removed.body.data]).toEqual([200, { path: 'tmp', type: 'directory', bytes: 2, entries: 3 }]);
    const missing = await files.get('tmp');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'FILE_NOT_FOUND']);
    expect((await files.delete('')).status).toBe(400);
  });

  it('streams raw bytes as an attachment with a content type from the name, and a folder as a zip', async () => {
    const files = await sessionFiles(server);
    await files.put('site/index.html', { content: '<script>alert(1)</script>' });
    await files.put('site/css/app.css', { content: 'body{}' });
    const page = await files.raw('site/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-disposition')).toBe(`attachment; filename="index.html"; filename*=UTF-8''index.html`);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-length')).toBe('25');
    expect(await page.text()).toBe('<script>alert(1)</script>');

    const folder = await files.raw('site');
    expect(folder.headers.get('content-type')).toBe('application/zip');
    expect(folder.headers.get('content-disposition')).toContain('filename="site.zip"');
    const zip = await yauzl.fromBufferPromise(Buffer.from(await folder.arrayBuffer()));
    const names: string[] = [];
    for await (const entry of zip.eachEntry()) names.push(entry.fileName);
    expect(names.sort()).toEqual(['css/', 'css/app.css', 'index.html']);

    const missing = await files.raw('nope.txt');
    expect([missing.status, (await missing.json()).error.code]).toEqual([404, 'FILE_NOT_FOUND']);
  });

  it('searches contents with ripgrep and finds files by fuzzy name', async () => {
    const files = await sessionFiles(server);
    await files.put('src/server.ts', { content: 'const port = 8080;\nexport function listen() {}\n' });
    await files.put('src/client.tsx', { content: 'const Port = 1;\n' });
    await files.put('docs/notes.md', { content: 'port numbers\n' });
    const api = server.api;
    const token = files.user.accessToken;
    const search = (query: string) => api.get(`/sessions/${files.sessionId}/search?${query}`, token);

    const plain = await search('q=port');
    expect(plain.status).toBe(200);
    // `export` holds "port" too: two matches in server.ts.
    expect(plain.body.data.matches.map((match: { path: string }) => match.path).sort()).toEqual([
      'docs/notes.md',
      'src/client.tsx',
      'src/server.ts',
      'src/server.ts',
    ]);
    expect(plain.body.data).toMatchObject({ truncated: false, timed_out: false });
    expect(['docs/notes.md', 'src/client.tsx', 'src/server.ts']).toHaveLength(3);
    const exact = await search('q=Port&case=1');
    expect(exact.body.data.matches).toEqual([{ path: 'src/client.tsx', line: 1, column: 7, preview: 'const Port = 1;' }]);
    const globbed = await search(`q=port&glob=${encodeURIComponent('*.{ts,tsx},!client*')}`);
    expect(globbed.body.data.matches.map((match: { path: string }) => match.path)).toEqual(['src/server.ts', 'src/server.ts']);
    const regex = await search(`q=${encodeURIComponent('fun\\w+ listen')}&regex=1`);
    expect(regex.body.data.matches).toHaveLength(1);
    expect((await search(`q=${encodeURIComponent('(')}&regex=1`)).status).toBe(400);
    expect((await search('q=')).status).toBe(400);

    const found = await api.get(`/sessions/${files.sessionId}/find?q=srvts`, token);
    expect(found.status).toBe(200);
    expect(found.body.data.files[0].path).toBe('src/server.ts');
  });

  it('a new session has an empty workspace, created on first use', async () => {
    const files = await sessionFiles(server);
    const root = await files.get('');
    expect(root.body.data).toEqual({ type: 'directory', path: '', entries: [], next_cursor: null, total: 0 });
  });
});
