// Attempts to reach outside the workspace tree, each checked the same way: the operation gives
// the expected answer, and no canary outside the tree (beside the root, the workspace's meta/, a
// neighbouring workspace) was read, listed, written, created or deleted (see workspace-harness).
import { spawn } from 'node:child_process';
import { link, mkdir, readFile, rename, stat, symlink, unlink, utimes, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTar, buildTarGz, buildZip } from './archive-builder';
import { createHarness, outcome, SECRET, type Harness } from './workspace-harness';

const OUT = '../../../../outside'; // from the tree root to the canary directory

interface EscapeCase {
  name: string;
  setup?: (h: Harness) => Promise<void>;
  attack: (h: Harness) => Promise<unknown>;
  /** The WorkspaceError code expected, or 'resolved' for operations that may succeed harmlessly. */
  expected: string;
}

const cases: EscapeCase[] = [
  // Lexical: refused before the disk is touched.
  { name: '.. to a sibling of the root', attack: (h) => h.files.read('../outside/secret.txt'), expected: 'INVALID_PATH' },
  { name: 'many ..', attack: (h) => h.files.read('../../../../../../../../etc/passwd'), expected: 'INVALID_PATH' },
  { name: 'absolute path', attack: (h) => h.files.read('/etc/passwd'), expected: 'INVALID_PATH' },
  { name: 'absolute path to the canary', attack: (h) => h.files.read(join(h.outside, 'secret.txt')), expected: 'INVALID_PATH' },
  {
    name: '.. after a real directory',
    setup: (h) => h.files.mkdir('a').then(() => undefined),
    attack: (h) => h.files.read('a/../../outside/secret.txt'),
    expected: 'INVALID_PATH',
  },
  { name: '. then ..', attack: (h) => h.files.read('./../outside/secret.txt'), expected: 'INVALID_PATH' },
  { name: 'bare ..', attack: (h) => h.files.list('..'), expected: 'INVALID_PATH' },
  { name: 'percent-encoded dots', attack: (h) => h.files.read('%2e%2e/outside/secret.txt'), expected: 'INVALID_PATH' },
  { name: 'mixed dot and %2e', attack: (h) => h.files.read('.%2E/outside/secret.txt'), expected: 'INVALID_PATH' },
  { name: 'percent-encoded slash', attack: (h) => h.files.read('..%2foutside%2fsecret.txt'), expected: 'INVALID_PATH' },
  { name: 'backslashes', attack: (h) => h.files.read('..\\outside\\secret.txt'), expected: 'INVALID_PATH' },
  { name: 'NUL byte truncation', attack: (h) => h.files.write('x.txt\u0000../../outside/pwn', 'x'), expected: 'INVALID_PATH' },
  { name: 'empty segments', attack: (h) => h.files.write('a//../outside/pwn', 'x'), expected: 'INVALID_PATH' },
  { name: 'trailing ..', attack: (h) => h.files.delete('a/..', { recursive: true }), expected: 'INVALID_PATH' },
  { name: 'segment over 255 bytes', attack: (h) => h.files.write('é'.repeat(128), 'x'), expected: 'INVALID_PATH' },
  {
    name: 'path over 4096 bytes',
    attack: (h) => h.files.mkdir(Array.from({ length: 410 }, () => 'abcdefghij').join('/')),
    expected: 'INVALID_PATH',
  },
  { name: 'control character', attack: (h) => h.files.write('evil\nname', 'x'), expected: 'INVALID_PATH' },
  { name: 'lone surrogate', attack: (h) => h.files.write('a\ud800b', 'x'), expected: 'INVALID_PATH' },
  {
    name: 'fullwidth dots are only a name',
    attack: (h) => h.files.read('\uff0e\uff0e/outside/secret.txt'),
    expected: 'NOT_FOUND',
  },
  { name: 'mkdir outside', attack: (h) => h.files.mkdir('../outside/created'), expected: 'INVALID_PATH' },
  {
    name: 'move out of the tree',
    setup: (h) => h.files.write('f.txt', 'x').then(() => undefined),
    attack: (h) => h.files.move('f.txt', '../outside/moved.txt'),
    expected: 'INVALID_PATH',
  },
  { name: 'copy in from outside', attack: (h) => h.files.copy('../outside/secret.txt', 'stolen.txt'), expected: 'INVALID_PATH' },
  { name: 'delete outside', attack: (h) => h.files.delete('../outside', { recursive: true }), expected: 'INVALID_PATH' },
  { name: 'non-string path', attack: (h) => h.files.read(42 as unknown as string), expected: 'INVALID_PATH' },

  // Symlinks that lead out, wherever they sit in the path.
  {
    name: 'absolute symlink to a file outside',
    setup: (h) => symlink(join(h.outside, 'secret.txt'), join(h.tree, 'abs')),
    attack: (h) => h.files.read('abs'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'relative symlink to a file outside',
    setup: (h) => symlink(`${OUT}/secret.txt`, join(h.tree, 'rel')),
    attack: (h) => h.files.read('rel'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'symlinked directory outside, listed',
    setup: (h) => symlink(OUT, join(h.tree, 'out')),
    attack: (h) => h.files.list('out'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'symlink in the middle of a path',
    setup: (h) => symlink(OUT, join(h.tree, 'out')),
    attack: (h) => h.files.read('out/sub/deep.txt'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'deeper symlink climbing out',
    setup: async (h) => {
      await mkdir(join(h.tree, 'a/b/c'), { recursive: true });
      await symlink('../../../../../../../outside', join(h.tree, 'a/b/c/up'));
    },
    attack: (h) => h.files.read('a/b/c/up/secret.txt'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'write through a symlinked directory',
    setup: (h) => symlink(OUT, join(h.tree, 'out')),
    attack: (h) => h.files.write('out/created.txt', 'pwned'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'write through a symlinked file',
    setup: (h) => symlink(`${OUT}/secret.txt`, join(h.tree, 'rel')),
    attack: (h) => h.files.write('rel', 'pwned'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'mkdir through a symlinked directory',
    setup: (h) => symlink(OUT, join(h.tree, 'out')),
    attack: (h) => h.files.mkdir('out/newdir'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'move into a symlinked directory',
    setup: async (h) => {
      await symlink(OUT, join(h.tree, 'out'));
      await h.files.write('f.txt', 'x');
    },
    attack: (h) => h.files.move('f.txt', 'out/moved.txt'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'copy from a symlinked directory',
    setup: (h) => symlink(OUT, join(h.tree, 'out')),
    attack: (h) => h.files.copy('out/secret.txt', 'stolen.txt'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'symlink chain leading out',
    setup: async (h) => {
      await symlink('l2', join(h.tree, 'l1'));
      await symlink('l3', join(h.tree, 'l2'));
      await symlink(OUT, join(h.tree, 'l3'));
    },
    attack: (h) => h.files.read('l1/secret.txt'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'symlink loop',
    setup: async (h) => {
      await symlink('loop2', join(h.tree, 'loop1'));
      await symlink('loop1', join(h.tree, 'loop2'));
    },
    attack: (h) => h.files.read('loop1'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'symlink into a neighbouring workspace',
    setup: (h) => symlink('../../neighbour/tree/secret.txt', join(h.tree, 'nb')),
    attack: (h) => h.files.read('nb'),
    expected: 'INVALID_PATH',
  },
  {
    name: "symlink into the workspace's own meta/",
    setup: (h) => symlink('../meta/canary.txt', join(h.tree, 'meta-link')),
    attack: (h) => h.files.read('meta-link'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'symlink to the tree root, then up',
    setup: (h) => symlink('.', join(h.tree, 'self')),
    attack: (h) => h.files.read('self/self/self/../meta/canary.txt'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'symlink whose target is .. from the root',
    setup: (h) => symlink('..', join(h.tree, 'parent')),
    attack: (h) => h.files.read('parent/meta/canary.txt'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'directory replaced by a symlink after it was used',
    setup: async (h) => {
      await h.files.write('docs/readme.md', 'inside');
      await h.files.read('docs/readme.md');
      await rename(join(h.tree, 'docs'), join(h.tree, 'docs-old'));
      await symlink(OUT, join(h.tree, 'docs'));
    },
    attack: (h) => h.files.read('docs/secret.txt'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'file replaced by a symlink after it was read (write with etag)',
    setup: async (h) => {
      await h.files.write('conf.json', '{}');
      await unlink(join(h.tree, 'conf.json'));
      await symlink(`${OUT}/secret.txt`, join(h.tree, 'conf.json'));
    },
    attack: (h) => h.files.write('conf.json', 'pwned', { expectedEtag: null }),
    expected: 'INVALID_PATH',
  },
  // Operations on the link itself are allowed and must not touch the target.
  {
    name: 'deleting a symlink to an outside directory removes only the link',
    setup: (h) => symlink(OUT, join(h.tree, 'out')),
    attack: (h) => h.files.delete('out', { recursive: true }),
    expected: 'resolved',
  },
  {
    name: 'deleting a directory holding an outside link leaves the target',
    setup: async (h) => {
      await mkdir(join(h.tree, 'd'));
      await symlink(OUT, join(h.tree, 'd/out'));
    },
    attack: (h) => h.files.delete('d', { recursive: true }),
    expected: 'resolved',
  },
  {
    name: 'moving an outside link moves the link',
    setup: (h) => symlink(OUT, join(h.tree, 'out')),
    attack: (h) => h.files.move('out', 'elsewhere/out'),
    expected: 'resolved',
  },
  {
    name: 'copying a directory holding an outside link copies the link',
    setup: async (h) => {
      await mkdir(join(h.tree, 'd'));
      await symlink(OUT, join(h.tree, 'd/out'));
    },
    attack: (h) => h.files.copy('d', 'd2'),
    expected: 'resolved',
  },
  {
    name: 'listing a directory holding an outside link does not follow it',
    setup: (h) => symlink(OUT, join(h.tree, 'out')),
    attack: (h) => h.files.list(''),
    expected: 'resolved',
  },

  // Special files: never opened.
  {
    name: 'symlink to /dev/zero',
    setup: (h) => symlink('/dev/zero', join(h.tree, 'zero')),
    attack: (h) => h.files.read('zero'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'symlink to /dev/null, written',
    setup: (h) => symlink('/dev/null', join(h.tree, 'null')),
    attack: (h) => h.files.write('null', 'x'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'FIFO read does not hang',
    setup: (h) => mkfifo(join(h.tree, 'pipe')),
    attack: (h) => h.files.read('pipe'),
    expected: 'UNSUPPORTED_FILE_TYPE',
  },
  {
    name: 'FIFO streamed does not hang',
    setup: (h) => mkfifo(join(h.tree, 'pipe')),
    attack: (h) => h.files.readStream('pipe'),
    expected: 'UNSUPPORTED_FILE_TYPE',
  },
  {
    name: 'FIFO written does not hang',
    setup: (h) => mkfifo(join(h.tree, 'pipe')),
    attack: (h) => h.files.write('pipe', 'x'),
    expected: 'UNSUPPORTED_FILE_TYPE',
  },
  {
    name: 'FIFO copied is refused',
    setup: (h) => mkfifo(join(h.tree, 'pipe')),
    attack: (h) => h.files.copy('pipe', 'pipe2'),
    expected: 'UNSUPPORTED_FILE_TYPE',
  },
  {
    name: 'unix socket read',
    setup: (h) => listenOnSocket(join(h.tree, 's.sock')),
    attack: (h) => h.files.read('s.sock'),
    expected: 'UNSUPPORTED_FILE_TYPE',
  },
  ...(process.getuid?.() === 0
    ? [
        {
          name: 'character device node (mknod, as root)',
          setup: (h: Harness) => run('mknod', [join(h.tree, 'devnull'), 'c', '1', '3']),
          attack: (h: Harness) => h.files.read('devnull'),
          expected: 'UNSUPPORTED_FILE_TYPE',
        },
      ]
    : []),

  // Other operations through the same doors.
  {
    name: 'stat through a link leading out',
    setup: (h) => symlink(OUT, join(h.tree, 'out')),
    attack: (h) => h.files.stat('out/secret.txt'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'stream a link leading out',
    setup: (h) => symlink(`${OUT}/secret.txt`, join(h.tree, 'rel')),
    attack: (h) => h.files.readStream('rel'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'download a folder link leading out',
    setup: (h) => symlink(OUT, join(h.tree, 'out')),
    attack: (h) => h.files.downloadFolder('out'),
    expected: 'INVALID_PATH',
  },
  {
    name: 'download the root holding a link leading out',
    setup: (h) => symlink(OUT, join(h.tree, 'out')),
    attack: async (h) => buffer((await h.files.downloadFolder('')).stream),
    expected: 'resolved',
  },
  {
    name: 'search with a link leading out',
    setup: (h) => symlink(OUT, join(h.tree, 'out')),
    attack: (h) => h.files.search({ query: SECRET }),
    expected: 'resolved',
  },
  {
    name: 'search with a glob climbing out',
    attack: (h) => h.files.search({ query: SECRET, include: ['../**', '/**'] }),
    expected: 'resolved',
  },
  {
    name: 'search in a directory outside',
    attack: (h) => h.files.search({ query: SECRET, path: '../outside' }),
    expected: 'INVALID_PATH',
  },
  {
    name: 'search in a linked directory outside',
    setup: (h) => symlink(OUT, join(h.tree, 'out')),
    attack: (h) => h.files.search({ query: SECRET, path: 'out' }),
    expected: 'INVALID_PATH',
  },
  {
    name: 'find with a link leading out',
    setup: (h) => symlink(OUT, join(h.tree, 'out')),
    attack: (h) => h.files.find('secret'),
    expected: 'resolved',
  },
  {
    name: 'upload a file named ../',
    attack: (h) => h.files.upload('', [{ path: '../outside/evil.txt', content: 'x' }]),
    expected: 'INVALID_PATH',
  },
  {
    name: 'upload into a linked directory outside',
    setup: (h) => symlink(OUT, join(h.tree, 'out')),
    attack: (h) => h.files.upload('out', [{ path: 'evil.txt', content: 'x' }]),
    expected: 'INVALID_PATH',
  },

  // Archives: zip-slip and its relatives, refused before anything is extracted.
  {
    name: 'zip entry with ../',
    attack: (h) => extract(h, 'zip', buildZip([{ name: '../../../../outside/evil.txt', data: 'x' }])),
    expected: 'INVALID_ARCHIVE',
  },
  {
    name: 'zip entry with an absolute path',
    attack: (h) => extract(h, 'zip', buildZip([{ name: '/tmp/evil.txt', data: 'x' }])),
    expected: 'INVALID_ARCHIVE',
  },
  {
    name: 'zip entry with .. in the middle',
    attack: (h) => extract(h, 'zip', buildZip([{ name: 'a/../../evil.txt', data: 'x' }])),
    expected: 'INVALID_ARCHIVE',
  },
  {
    name: 'zip entry with backslashes',
    attack: (h) => extract(h, 'zip', buildZip([{ name: '..\\..\\evil.txt', data: 'x' }])),
    expected: 'INVALID_ARCHIVE',
  },
  {
    name: 'zip symlink entry leading out',
    attack: (h) => extract(h, 'zip', buildZip([{ name: 'out', data: OUT, mode: 0o120777 }])),
    expected: 'INVALID_ARCHIVE',
  },
  {
    name: 'zip symlink entry to an absolute path',
    attack: (h) => extract(h, 'zip', buildZip([{ name: 'etc', data: '/etc', mode: 0o120777 }])),
    expected: 'INVALID_ARCHIVE',
  },
  {
    name: 'zip writing through its own symlink entry',
    attack: (h) =>
      extract(
        h,
        'zip',
        buildZip([
          { name: 'dir/', mode: 0o040755 },
          { name: 'link', data: 'dir', mode: 0o120777 },
          { name: 'link/evil.txt', data: 'x' },
        ]),
      ),
    expected: 'INVALID_ARCHIVE',
  },
  {
    name: 'zip symlink climbing out from the target folder',
    attack: (h) => extract(h, 'zip', buildZip([{ name: 'up', data: '../../x', mode: 0o120777 }]), 'one'),
    expected: 'INVALID_ARCHIVE',
  },
  {
    name: 'tar entry with ../',
    attack: (h) => extract(h, 'tar.gz', buildTarGz([{ path: '../../../../outside/evil.txt', data: 'x' }])),
    expected: 'INVALID_ARCHIVE',
  },
  {
    name: 'tar entry with an absolute path',
    attack: (h) => extract(h, 'tar.gz', buildTarGz([{ path: '/tmp/evil.txt', data: 'x' }])),
    expected: 'INVALID_ARCHIVE',
  },
  {
    name: 'tar symlink to /etc then a file through it',
    attack: (h) =>
      extract(
        h,
        'tar.gz',
        buildTarGz([
          { path: 'etc', type: 'SymbolicLink', linkpath: '/etc' },
          { path: 'etc/evil', data: 'x' },
        ]),
      ),
    expected: 'INVALID_ARCHIVE',
  },
  {
    name: 'tar symlink leading out',
    attack: (h) =>
      extract(
        h,
        'tar',
        buildTar([
          { path: 'up', type: 'SymbolicLink', linkpath: OUT },
          { path: 'up/evil.txt', data: 'x' },
        ]),
      ),
    expected: 'INVALID_ARCHIVE',
  },
  {
    name: 'tar hard link to an outside file is skipped',
    attack: (h) => extract(h, 'tar.gz', buildTarGz([{ path: 'hard', type: 'Link', linkpath: `${OUT}/secret.txt` }])),
    expected: 'resolved',
  },
  {
    name: 'tar hard link to an absolute path is skipped',
    attack: (h) => extract(h, 'tar.gz', buildTarGz([{ path: 'passwd', type: 'Link', linkpath: '/etc/passwd' }])),
    expected: 'resolved',
  },
  {
    name: 'extract into a linked directory outside',
    setup: (h) => symlink(OUT, join(h.tree, 'out')),
    attack: (h) => extract(h, 'tar.gz', buildTarGz([{ path: 'evil.txt', data: 'x' }]), 'out'),
    expected: 'INVALID_PATH',
  },

  // Workspace ids are not paths.
  {
    name: 'tenant id ..',
    attack: async (h) => h.root.files({ tenantId: '..', workspaceId: 'outside' }).read('secret.txt'),
    expected: 'INVALID_ARGUMENT',
  },
  {
    name: 'workspace id with a slash',
    attack: async (h) => h.root.files({ tenantId: 't1', workspaceId: 'neighbour/tree' }).read('secret.txt'),
    expected: 'INVALID_ARGUMENT',
  },
  {
    name: 'tree path (where terminals run) for tenant id ..',
    attack: async (h) => h.root.treePath({ tenantId: '..', workspaceId: 'outside' }),
    expected: 'INVALID_ARGUMENT',
  },
  {
    name: 'tree path for a workspace id with a slash',
    attack: async (h) => h.root.treePath({ tenantId: 't1', workspaceId: 'neighbour/tree' }),
    expected: 'INVALID_ARGUMENT',
  },
  {
    name: 'tree path for workspace id .. (the tenant directory itself)',
    attack: async (h) => h.root.treePath({ tenantId: 't1', workspaceId: '..' }),
    expected: 'INVALID_ARGUMENT',
  },
  {
    name: 'tree path for ids with a NUL byte or empty',
    attack: async (h) => {
      for (const ref of [
        { tenantId: 't1\0', workspaceId: 'w1' },
        { tenantId: 't1', workspaceId: 'w1\0/../..' },
        { tenantId: '', workspaceId: 'w1' },
      ]) {
        try {
          h.root.treePath(ref);
        } catch (error) {
          if ((error as { code?: string }).code !== 'INVALID_ARGUMENT') throw error;
          continue;
        }
        return ref;
      }
      throw Object.assign(new Error('every id refused'), { code: 'INVALID_ARGUMENT' });
    },
    expected: 'INVALID_ARGUMENT',
  },
];

function extract(h: Harness, format: 'zip' | 'tar' | 'tar.gz', archive: Buffer, dir = ''): Promise<unknown> {
  return h.files.extractArchive(dir, Readable.from([archive]), format);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`))));
  });
}

function mkfifo(path: string): Promise<void> {
  return run('mkfifo', [path]);
}

const servers: { close(): void }[] = [];
function listenOnSocket(path: string): Promise<void> {
  return new Promise((resolve) => {
    const server = createServer();
    servers.push(server);
    server.listen(path, () => resolve());
  });
}

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  for (const server of servers.splice(0)) server.close();
  await h.cleanup();
});

describe('escape corpus', () => {
  it('has at least 30 distinct attempts', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('$name', async ({ setup, attack, expected }) => {
    await setup?.(h);
    const before = await h.snapshot();
    let error: unknown;
    const result = await attack(h).catch((e: unknown) => {
      error = e;
      return undefined;
    });
    const code = error === undefined ? 'resolved' : ((error as { code?: string }).code ?? String(error));
    expect(code).toBe(expected);
    expect(await h.snapshot()).toEqual(before);
    const shown = JSON.stringify(
      { result, message: (error as Error | undefined)?.message, details: (error as { details?: unknown } | undefined)?.details },
      (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString() : value),
    );
    expect(shown).not.toContain(SECRET);
    expect(shown).not.toContain(h.dir);
  });
});

describe('hard links', () => {
  it('writing or deleting a hard link to an outside file leaves that file as it was', async () => {
    const target = join(h.dir, 'hard-target.txt');
    await writeFile(target, SECRET);
    const before = await stat(target);
    await link(target, join(h.tree, 'hard.txt'));
    await h.files.write('hard.txt', 'replaced');
    expect(await readFile(target, 'utf8')).toBe(SECRET);
    await link(target, join(h.tree, 'hard2.txt'));
    await h.files.delete('hard2.txt');
    expect(await readFile(target, 'utf8')).toBe(SECRET);
    expect((await stat(target)).mtimeMs).toBe(before.mtimeMs);
  });
});

describe('racing a terminal that swaps what a path leads to', () => {
  async function race(swapScript: string, withWrites: boolean): Promise<Map<string, number>> {
    await mkdir(join(h.tree, 'real'));
    await writeFile(join(h.tree, 'real', 'deep.txt'), 'inside');
    const file = join(h.outside, 'sub', 'deep.txt');
    await utimes(file, new Date(0), new Date());
    const before = (await h.snapshot())[file];
    // Python, not bash: os.rename is one syscall per step and needs no fork, so states flip fast.
    const swapper = spawn('python3', ['-c', `import os\nos.chdir(${JSON.stringify(h.tree)})\n${swapScript}`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise((resolve, reject) => {
      swapper.stdout.once('data', resolve);
      swapper.once('exit', () => reject(new Error('the swapper exited before it was ready')));
    });
    const outcomes = new Map<string, number>();
    const count = (code: string) => outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
    try {
      const deadline = Date.now() + 1000;
      while (Date.now() < deadline) {
        const read = await h.files
          .read('dir/deep.txt')
          .then((r) => r.content.toString())
          .catch((e: { code?: string }) => e.code ?? 'error');
        expect(read).not.toBe(SECRET);
        count(read === 'inside' ? 'inside' : read);
        count(await outcome(h.files.list('dir')));
        if (withWrites) count(await outcome(h.files.write('dir/deep.txt', 'inside')));
      }
    } finally {
      swapper.kill('SIGKILL');
    }
    expect((await h.snapshot())[file]).toBe(before);
    expect(await readFile(file, 'utf8')).toBe(SECRET);
    return outcomes;
  }

  it('a directory renamed away and replaced by a symlink to outside is never followed', async () => {
    // `dir` flips between the real directory and a link to outside/sub (which holds deep.txt).
    const outcomes = await race(
      `os.rename('real', 'dir')\nos.symlink('${OUT}/sub', 'evil')\nprint('ready', flush=True)\nwhile True:\n  os.rename('dir', 'real'); os.rename('evil', 'dir'); os.rename('dir', 'evil'); os.rename('real', 'dir')`,
      false,
    );
    // The race was real: attempts landed on both sides.
    expect(outcomes.get('INVALID_PATH') ?? 0, JSON.stringify([...outcomes])).toBeGreaterThan(0);
    expect(outcomes.get('inside') ?? 0, JSON.stringify([...outcomes])).toBeGreaterThan(0);
  });

  it('a symlink retargeted between inside and outside is never followed out, for reads or writes', async () => {
    const outcomes = await race(
      `os.symlink('real', 'dir')\nprint('ready', flush=True)\nwhile True:\n  os.symlink('${OUT}/sub', 't'); os.replace('t', 'dir'); os.symlink('real', 't'); os.replace('t', 'dir')`,
      true,
    );
    expect(outcomes.get('INVALID_PATH') ?? 0, JSON.stringify([...outcomes])).toBeGreaterThan(0);
    expect(outcomes.get('inside') ?? 0, JSON.stringify([...outcomes])).toBeGreaterThan(0);
  });
});
