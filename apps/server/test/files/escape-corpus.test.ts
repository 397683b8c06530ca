// Ways out of a workspace over HTTP. The workspace library has its own, larger corpus; this one
// proves the HTTP layer adds no hole: percent-decoding (once, per segment), the wildcard route,
// bodies, query fields, archives and multipart names, and links and FIFOs planted on disk as a
// terminal would. Every attempt must answer a 4xx JSON error, and nothing outside the workspace —
// a canary beside the workspaces, a neighbouring session's file, the workspace's own meta/ — may
// be read, written or even looked at (atime is part of the snapshot).
import { spawnSync } from 'node:child_process';
import { lstat, mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTar, buildTarGz, buildZip } from '../../../../packages/workspace/test/archive-builder';
import { rawRequest } from '../support/raw-http';
import { sessionFiles, type SessionFiles } from '../support/session-files';
import { useTestServer } from '../support/test-server';

const SECRET = 'canary-secret-7d2e41';

type Attempt = () => Promise<{ status: number; body: string }>;

describe('path escapes over HTTP', () => {
  const server = useTestServer();
  let files: SessionFiles;
  let canaries: string[];
  let attempts = 0;

  const snapshot = async () =>
    Object.fromEntries(
      await Promise.all(
        canaries.map(async (path) => {
          const stat = await lstat(path).catch(() => null);
          return [path, stat ? [stat.ino, stat.size, stat.mtimeMs, stat.ctimeMs, stat.atimeMs] : 'missing'] as const;
        }),
      ),
    );

  beforeAll(async () => {
    files = await sessionFiles(server);
    const neighbour = await sessionFiles(server, files.user);
    await files.put('src/app.ts', { content: 'export {};\n' });
    await neighbour.put('secret.txt', { content: SECRET });
    const workspaces = dirname(dirname(dirname(files.tree)));
    const canary = join(dirname(workspaces), 'canary.txt');
    await writeFile(canary, SECRET);
    const meta = join(dirname(files.tree), 'meta', 'canary.txt');
    await writeFile(meta, SECRET);
    // What a terminal could plant: links leading out (relative and absolute), a FIFO.
    await symlink('../../../..', join(files.tree, 'out'));
    await symlink(canary, join(files.tree, 'abs'));
    await mkdir(join(files.tree, 'deep'));
    await symlink('../../meta', join(files.tree, 'deep', 'meta-link'));
    spawnSync('mkfifo', [join(files.tree, 'pipe')]);
    // (meta/ itself changes with every write: the lock and the usage record live there.)
    canaries = [canary, meta, join(neighbour.tree, 'secret.txt'), dirname(canary), workspaces, neighbour.tree];
    for (const path of canaries) await utimes(path, new Date(0), new Date());
  });

  const base = () => `/api/v5/sessions/${files.sessionId}`;
  const auth = () => `authorization: Bearer ${files.user.accessToken}`;
  /** A request sent byte for byte: fetch would resolve `..` and re-encode before sending. */
  const raw =
    (method: string, path: string, body = '', contentType = 'application/json'): Attempt =>
    async () => {
      const response = await rawRequest(
        server.port,
        `${method} ${base()}${path} HTTP/1.1\r\nhost: x\r\n${auth()}\r\ncontent-type: ${contentType}`,
        Buffer.from(body),
      );
      return { status: response.status, body: response.body };
    };
  const upload =
    (path: string, body: Buffer | string, contentType: string, query = ''): Attempt =>
    async () => {
      const response = await files.upload(path, body, contentType, query);
      return { status: response.status, body: JSON.stringify(response.body) };
    };
  const multipart = (filename: string) =>
    `--b\r\nContent-Disposition: form-data; name="f"; filename="${filename}"\r\n\r\n${SECRET}-overwritten\r\n--b--\r\n`;

  const corpus: Array<[string, Attempt]> = [
    ['.. segments in the URL', raw('GET', '/files/../../../canary.txt')],
    ['.. after a real directory', raw('GET', '/files/src/../../../../canary.txt')],
    ['encoded slash between dots', raw('GET', '/files/..%2f..%2f..%2fcanary.txt')],
    ['encoded dots', raw('GET', '/files/%2e%2e/%2e%2e/%2e%2e/canary.txt')],
    ['mixed-case encoded dots', raw('GET', '/files/%2E./.%2E/canary.txt')],
    ['double-encoded dots', raw('GET', '/files/%252e%252e/%252e%252e/canary.txt')],
    ['double-encoded slash', raw('GET', '/files/..%252f..%252fcanary.txt')],
    ['encoded backslashes', raw('GET', '/files/..%5c..%5c..%5ccanary.txt')],
    ['raw backslashes', raw('GET', '/files/..\\..\\..\\canary.txt')],
    ['overlong UTF-8 dots', raw('GET', '/files/%c0%ae%c0%ae/%c0%ae%c0%ae/canary.txt')],
    ['broken percent-encoding', raw('GET', '/files/%zz/canary.txt')],
    ['absolute path by encoded slash', raw('GET', '/files/%2fetc%2fpasswd')],
    ['absolute path by double slash', raw('GET', '/files//etc/passwd')],
    ['NUL byte', raw('GET', '/files/src/app.ts%00.txt')],
    ['control character', raw('GET', '/files/src/a%0ab')],
    ['a name over 255 bytes', raw('GET', `/files/${'a'.repeat(300)}`)],
    ['a path over 4096 bytes', raw('GET', `/files/${'abcdefg/'.repeat(600)}x`)],
    ['lone surrogate', raw('GET', '/files/%ed%a0%80')],
    ['raw download through ..', raw('GET', '/files/../../../canary.txt?raw=1')],
    ['write through ..', raw('PUT', '/files/../../../canary.txt', JSON.stringify({ content: 'pwned' }))],
    ['write through encoded ..', raw('PUT', '/files/..%2f..%2f..%2fcanary.txt', JSON.stringify({ content: 'pwned' }))],
    ['delete through ..', raw('DELETE', '/files/../../../canary.txt')],
    ['move to ..', raw('POST', '/files/src/app.ts', JSON.stringify({ move_to: '../../../canary.txt', overwrite: true }))],
    ['copy to an absolute path', raw('POST', '/files/src/app.ts', JSON.stringify({ copy_to: '/tmp/escaped.ts' }))],
    ['move from ..', raw('POST', '/files/../../../canary.txt', JSON.stringify({ move_to: 'stolen.txt' }))],
    ['copy a link out to read it', raw('POST', '/files/out/canary.txt', JSON.stringify({ copy_to: 'stolen.txt' }))],
    ['search in ..', raw('GET', '/search?q=canary&path=..')],
    ['search through a link out', raw('GET', '/search?q=canary&path=out')],
    ['read through a relative link out', raw('GET', '/files/out/canary.txt')],
    ['read through an absolute link', raw('GET', '/files/abs')],
    ['raw read through a link out', raw('GET', '/files/out/canary.txt?raw=1')],
    ['list through a link out', raw('GET', '/files/out')],
    ['zip a folder through a link out', raw('GET', '/files/out?raw=1')],
    ['reach meta/ through a link', raw('GET', '/files/deep/meta-link/canary.txt')],
    ['write through a link out', raw('PUT', '/files/out/canary.txt', JSON.stringify({ content: 'pwned' }))],
    ['write a new file through a link out', raw('PUT', '/files/out/new.txt', JSON.stringify({ content: 'pwned' }))],
    ['write through an absolute link', raw('PUT', '/files/abs', JSON.stringify({ content: 'pwned' }))],
    ['delete through a link out', raw('DELETE', '/files/out/canary.txt')],
    ['mkdir through a link out', raw('POST', '/files/out/made', JSON.stringify({ type: 'directory' }))],
    ['read a FIFO', raw('GET', '/files/pipe')],
    ['raw read a FIFO', raw('GET', '/files/pipe?raw=1')],
    ['write over a FIFO', raw('PUT', '/files/pipe', JSON.stringify({ content: 'x' }))],
    ['upload into ..', raw('POST', '/upload/../../..', multipart('canary.txt'), 'multipart/form-data; boundary=b')],
    ['upload into a link out', upload('out', multipart('canary.txt'), 'multipart/form-data; boundary=b')],
    ['multipart name with ..', upload('', multipart('../../../canary.txt'), 'multipart/form-data; boundary=b')],
    ['multipart absolute name', upload('', multipart('/tmp/escaped.txt'), 'multipart/form-data; boundary=b')],
    ['multipart backslash name', upload('', multipart('..\\..\\canary.txt'), 'multipart/form-data; boundary=b')],
    ['zip-slip (zip)', upload('', buildZip([{ name: '../../../canary.txt', data: 'pwned' }]), 'application/zip')],
    ['zip with an absolute name', upload('', buildZip([{ name: '/tmp/escaped.txt', data: 'pwned' }]), 'application/zip')],
    [
      'zip link out then a file through it',
      upload(
        '',
        buildZip([
          { name: 'l', data: '../../..', mode: 0o120777 },
          { name: 'l/canary.txt', data: 'pwned' },
        ]),
        'application/zip',
      ),
    ],
    ['zip-slip (tar.gz)', upload('', buildTarGz([{ path: '../../../canary.txt', data: 'pwned' }]), 'application/gzip')],
    ['tar with an absolute name', upload('', buildTar([{ path: '/tmp/escaped.txt', data: 'pwned' }]), 'application/x-tar')],
    [
      'tar link out then a file through it',
      upload(
        '',
        buildTar([
          { path: 'l', type: 'SymbolicLink', linkpath: '../../..' },
          { path: 'l/canary.txt', data: 'pwned' },
        ]),
        'application/x-tar',
      ),
    ],
    [
      'tar.gz bomb',
      upload('', gzipSync(buildTar([{ path: 'zeros.bin', data: Buffer.alloc(16 * 1024 * 1024) }])), 'application/gzip'),
    ],
    [
      'zip bomb',
      upload('', buildZip([{ name: 'zeros.bin', data: Buffer.alloc(16 * 1024 * 1024), deflate: true }]), 'application/zip'),
    ],
    ['not an archive at all', upload('', 'just text', 'application/zip')],
  ];

  it(`holds ${corpus.length} attempts, at least 30`, () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
  });

  for (const [name, attempt] of corpus) {
    it(`refuses: ${name}`, async () => {
      const before = await snapshot();
      const { status, body } = await attempt();
      expect(status, body).toBeGreaterThanOrEqual(400);
      expect(status, body).toBeLessThan(500);
      expect(JSON.parse(body).success, body).toBe(false);
      expect(body).not.toContain(SECRET);
      expect(await snapshot(), 'nothing outside the workspace was touched').toEqual(before);
      attempts += 1;
    });
  }

  it('left the workspace as it was: no stray files from refused uploads or writes', async () => {
    expect(attempts).toBe(corpus.length);
    const root = await files.get('');
    expect(root.body.data.entries.map((entry: { name: string }) => entry.name).sort()).toEqual(['abs', 'deep', 'out', 'src']);
  });
});
