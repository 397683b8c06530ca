// Uploads: many files, and archives (.zip, .tar, .tar.gz) extracted into a folder; refusals
// (zip-slip, links leading out, bombs, limits, conflicts) leave nothing in the tree or meta/tmp.
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkspaceRootOptions } from '../src/index';
import { buildTar, buildTarGz, buildZip, countingStream } from './archive-builder';
import { createHarness, outcome, type Harness } from './workspace-harness';

let h: Harness | undefined;
async function harness(options: Partial<WorkspaceRootOptions> = {}): Promise<Harness> {
  h = await createHarness(options);
  return h;
}
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

async function expectNothingLeft(harness: Harness, treeEntries: string[] = []): Promise<void> {
  expect((await readdir(harness.tree)).sort()).toEqual(treeEntries);
  expect(await readdir(join(harness.meta, 'tmp'))).toEqual([]);
}

describe('uploading files', () => {
  it('writes many files, from buffers, strings and streams, creating the target folder', async () => {
    const { files } = await harness();
    const result = await files.upload('incoming/batch', [
      { path: 'a.txt', content: 'alpha' },
      { path: 'nested/b.bin', content: Buffer.from([1, 2, 3]) },
      { path: 'nested/deeper/c.txt', content: Readable.from(['str', 'eam']) },
    ]);
    expect(result).toMatchObject({ path: 'incoming/batch', files: 3, bytes: 14, overwritten: 0, skipped: 0 });
    expect(result.paths.sort()).toEqual(['a.txt', 'nested/b.bin', 'nested/deeper/c.txt']);
    expect((await files.read('incoming/batch/nested/deeper/c.txt')).content.toString()).toBe('stream');
    expect(await files.usage()).toMatchObject({ bytes: 14, entries: 7 });
  });

  it('refuses existing files unless overwrite, committing none of the batch', async () => {
    const { files } = await harness();
    await files.write('dir/exists.txt', 'old');
    const error = await files
      .upload('dir', [
        { path: 'new.txt', content: 'n' },
        { path: 'exists.txt', content: 'new' },
      ])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ALREADY_EXISTS', details: { conflicts: ['exists.txt'] } });
    expect(await outcome(files.read('dir/new.txt'))).toBe('NOT_FOUND');
    const replaced = await files.upload(
      'dir',
      [
        { path: 'new.txt', content: 'n' },
        { path: 'exists.txt', content: 'new' },
      ],
      { overwrite: true },
    );
    expect(replaced).toMatchObject({ files: 2, overwritten: 1 });
    expect((await files.read('dir/exists.txt')).content.toString()).toBe('new');
  });

  it('refuses bad names, an upload over the size limit, and a file over the file quota, leaving nothing', async () => {
    const { files, ...rest } = await harness({ upload: { maxUploadBytes: 1000 }, quotas: { fileBytes: 600 } });
    expect(
      await outcome(
        files.upload('', [
          { path: 'ok.txt', content: 'x' },
          { path: '../evil.txt', content: 'x' },
        ]),
      ),
    ).toBe('INVALID_PATH');
    expect(
      await outcome(
        files.upload('', [
          { path: 'a', content: Buffer.alloc(500) },
          { path: 'b', content: Buffer.alloc(501) },
        ]),
      ),
    ).toBe('PAYLOAD_TOO_LARGE');
    expect(await outcome(files.upload('', [{ path: 'a', content: Readable.from([Buffer.alloc(400), Buffer.alloc(400)]) }]))).toBe(
      'QUOTA_EXCEEDED',
    );
    await expectNothingLeft({ files, ...rest });
  });

  it('refuses an upload past the workspace quota at commit, when replacing files', async () => {
    const { files } = await harness({ quotas: { workspaceBytes: 100 } });
    await files.write('a.bin', Buffer.alloc(60));
    const error = await files
      .upload('', [{ path: 'b.bin', content: Buffer.alloc(50) }], { overwrite: true })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { limit: 'workspace_bytes' } });
    // Not even the target folder is left behind.
    expect(await outcome(files.upload('new/folder', [{ path: 'b.bin', content: Buffer.alloc(50) }], { overwrite: true }))).toBe(
      'QUOTA_EXCEEDED',
    );
    expect(await outcome(files.list('new'))).toBe('NOT_FOUND');
    // Replacing a.bin by a smaller one fits.
    await files.upload('', [{ path: 'a.bin', content: Buffer.alloc(90) }], { overwrite: true });
  });
});

describe('extracting archives', () => {
  it('extracts a zip with directories, modes and a symlink that stays inside', async () => {
    const { files, tree } = await harness();
    const zip = buildZip([
      { name: 'project/' },
      { name: 'project/src/main.ts', data: 'export {};\n', deflate: true },
      { name: 'project/run.sh', data: '#!/bin/sh\n', mode: 0o100755 },
      { name: 'project/current', data: 'src', mode: 0o120777 },
      { name: 'project/fifo', mode: 0o010644 },
    ]);
    const result = await files.extractArchive('unpacked', Readable.from([zip]), 'zip');
    expect(result).toMatchObject({ path: 'unpacked', files: 2, symlinks: 1, skipped: 1 });
    expect((await files.read('unpacked/project/current/main.ts')).content.toString()).toBe('export {};\n');
    expect(await readlink(join(tree, 'unpacked/project/current'))).toBe('src');
    expect((await lstat(join(tree, 'unpacked/project/run.sh'))).mode & 0o777).toBe(0o755);
  });

  it('extracts a .tar.gz and a plain .tar, skipping hard links and devices', async () => {
    const { files } = await harness();
    const entries = [
      { path: './', type: 'Directory' as const },
      { path: './lib/', type: 'Directory' as const },
      { path: './lib/index.js', data: 'module.exports = 1;\n' },
      { path: './lib/alias.js', type: 'SymbolicLink' as const, linkpath: 'index.js' },
      { path: './lib/hard.js', type: 'Link' as const, linkpath: 'lib/index.js' },
      { path: './dev-null', type: 'CharacterDevice' as const },
    ];
    const gz = await files.extractArchive('from-tgz', Readable.from([buildTarGz(entries)]), 'tar.gz');
    expect(gz).toMatchObject({ files: 1, symlinks: 1, skipped: 2 });
    expect((await files.read('from-tgz/lib/alias.js')).content.toString()).toBe('module.exports = 1;\n');
    const plain = await files.extractArchive('from-tar', Readable.from([buildTar(entries)]), 'tar');
    expect(plain).toMatchObject({ files: 1, symlinks: 1, skipped: 2 });
    expect((await files.list('from-tar/lib')).entries.map((entry) => entry.name)).toEqual(['alias.js', 'index.js']);
  });

  it('refuses a corrupt archive and an unknown format', async () => {
    const { files, ...rest } = await harness();
    expect(await outcome(files.extractArchive('', Readable.from([Buffer.from('not a zip at all')]), 'zip'))).toBe(
      'INVALID_ARCHIVE',
    );
    expect(await outcome(files.extractArchive('', Readable.from([Buffer.from('not a tar'.repeat(100))]), 'tar.gz'))).toBe(
      'INVALID_ARCHIVE',
    );
    expect(await outcome(files.extractArchive('', Readable.from([Buffer.alloc(10)]), 'rar' as 'zip'))).toBe('INVALID_ARGUMENT');
    await expectNothingLeft({ files, ...rest });
  });

  describe('bombs', () => {
    it('refuses a zip whose entries expand far beyond the archive before extracting any', async () => {
      const { files, ...rest } = await harness();
      const zip = buildZip([
        { name: 'small.txt', data: 'fine' },
        { name: 'zeros.bin', data: Buffer.alloc(20 * 1024 * 1024), deflate: true },
      ]);
      const error = await files.extractArchive('', Readable.from([zip]), 'zip').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'INVALID_ARCHIVE', details: { reason: 'compression_ratio' } });
      await expectNothingLeft({ files, ...rest });
    });

    it('refuses a zip whose declared sizes exceed the expansion limit', async () => {
      const { files, ...rest } = await harness({ upload: { maxExpandedBytes: 1000 } });
      const zip = buildZip(Array.from({ length: 3 }, (_, i) => ({ name: `f${i}.txt`, data: 'x'.repeat(400) })));
      expect(await outcome(files.extractArchive('', Readable.from([zip]), 'zip'))).toBe('PAYLOAD_TOO_LARGE');
      await expectNothingLeft({ files, ...rest });
    });

    it('refuses a zip whose header lies about an entry’s size', async () => {
      const { files, ...rest } = await harness();
      const zip = buildZip([{ name: 'liar.bin', data: Buffer.alloc(100_000, 1), deflate: true, declaredSize: 10 }]);
      expect(await outcome(files.extractArchive('', Readable.from([zip]), 'zip'))).toBe('INVALID_ARCHIVE');
      await expectNothingLeft({ files, ...rest });
    });

    it('refuses a zip with too many entries', async () => {
      const { files, ...rest } = await harness({ upload: { maxEntries: 50 } });
      const zip = buildZip(Array.from({ length: 51 }, (_, i) => ({ name: `e${i}`, data: '' })));
      const error = await files.extractArchive('', Readable.from([zip]), 'zip').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limit: 'upload_entries' } });
      await expectNothingLeft({ files, ...rest });
    });

    it('stops a .tar.gz bomb early, without reading the whole upload', async () => {
      const { files, ...rest } = await harness();
      const bomb = gzipSync(buildTar([{ path: 'zeros.bin', data: Buffer.alloc(64 * 1024 * 1024) }]));
      const source = countingStream(bomb, 4 * 1024);
      const error = await files.extractArchive('', source.stream, 'tar.gz').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'INVALID_ARCHIVE', details: { reason: 'compression_ratio' } });
      expect(source.consumed()).toBeLessThan(bomb.length / 2);
      await expectNothingLeft({ files, ...rest });
    });

    it('refuses a tar with too many entries, and one over the file quota', async () => {
      const { files, ...rest } = await harness({ upload: { maxEntries: 20 }, quotas: { fileBytes: 1000 } });
      const many = buildTarGz(Array.from({ length: 21 }, (_, i) => ({ path: `f${i}`, data: 'x' })));
      expect(await outcome(files.extractArchive('', Readable.from([many]), 'tar.gz'))).toBe('PAYLOAD_TOO_LARGE');
      const big = buildTarGz([{ path: 'big.bin', data: Buffer.alloc(1001, 7) }]);
      expect(await outcome(files.extractArchive('', Readable.from([big]), 'tar.gz'))).toBe('QUOTA_EXCEEDED');
      await expectNothingLeft({ files, ...rest });
    });

    it('refuses an archive upload larger than maxUploadBytes while it streams', async () => {
      const { files, ...rest } = await harness({ upload: { maxUploadBytes: 64 * 1024 } });
      const source = countingStream(Buffer.alloc(1024 * 1024, 1), 8 * 1024);
      expect(await outcome(files.extractArchive('', source.stream, 'zip'))).toBe('PAYLOAD_TOO_LARGE');
      expect(source.consumed()).toBeLessThan(128 * 1024);
      await expectNothingLeft({ files, ...rest });
    });
  });
});
