// Folder downloads as a streamed zip, read back with yauzl: contents, modes, symlinks stored as
// links (never followed, even out of the tree), special files skipped.
import { spawnSync } from 'node:child_process';
import { chmod, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { buffer, text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { createHarness, outcome, SECRET, type Harness } from './workspace-harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.cleanup();
});

interface Unzipped {
  name: string;
  mode: number;
  content: string;
}

async function unzip(data: Buffer): Promise<Unzipped[]> {
  const zip = await yauzl.fromBufferPromise(data, { lazyEntries: true });
  const entries: Unzipped[] = [];
  for await (const entry of zip.eachEntry()) {
    const content = entry.fileName.endsWith('/') ? '' : await text(await zip.openReadStreamPromise(entry));
    entries.push({ name: entry.fileName, mode: entry.externalFileAttributes >>> 16, content });
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : 1));
}

async function openDescriptors(): Promise<number> {
  return (await readdir('/proc/self/fd')).length;
}

describe('downloadFolder', () => {
  it('streams a folder as a zip with files, directories, modes and links kept as links', async () => {
    await h.files.write('app/src/main.ts', 'console.log(1);\n');
    await h.files.write('app/run.sh', '#!/bin/sh\n');
    await chmod(join(h.tree, 'app/run.sh'), 0o755);
    await h.files.mkdir('app/empty');
    await symlink('src/main.ts', join(h.tree, 'app/main-link'));
    await symlink('../../../../../outside/secret.txt', join(h.tree, 'app/escape'));
    spawnSync('mkfifo', [join(h.tree, 'app/pipe')]);
    const before = await h.snapshot();

    const download = await h.files.downloadFolder('app');
    expect(download).toMatchObject({ path: 'app', file_name: 'app.zip' });
    const entries = await unzip(await buffer(download.stream));
    expect(entries.map((e) => e.name)).toEqual(['empty/', 'escape', 'main-link', 'run.sh', 'src/', 'src/main.ts']);
    const byName = Object.fromEntries(entries.map((e) => [e.name, e]));
    expect(byName['src/main.ts']!.content).toBe('console.log(1);\n');
    expect(byName['run.sh']!.mode & 0o777).toBe(0o755);
    expect(byName['main-link']).toMatchObject({ content: 'src/main.ts', mode: 0o120777 });
    expect(byName['escape']!.content).toBe('../../../../../outside/secret.txt');
    expect(JSON.stringify(entries)).not.toContain(SECRET);
    expect(await h.snapshot()).toEqual(before);
  });

  it('names the root download after the workspace, and refuses files and paths outside', async () => {
    await h.files.write('a.txt', 'a');
    const root = await h.files.downloadFolder('');
    expect(root.file_name).toBe('w1.zip');
    expect((await unzip(await buffer(root.stream))).map((e) => e.name)).toEqual(['a.txt']);
    expect(await outcome(h.files.downloadFolder('a.txt'))).toBe('NOT_A_DIRECTORY');
    expect(await outcome(h.files.downloadFolder('../outside'))).toBe('INVALID_PATH');
  });

  it('refuses a folder holding more than maxBytes before sending anything, and releases it', async () => {
    await h.files.write('docs/a.txt', Buffer.alloc(600));
    await h.files.write('docs/sub/b.txt', Buffer.alloc(600));
    const baseline = await openDescriptors();
    expect(await outcome(h.files.downloadFolder('docs', { maxBytes: 1000 }))).toBe('PAYLOAD_TOO_LARGE');
    expect(await openDescriptors()).toBe(baseline);
    const fits = await h.files.downloadFolder('docs', { maxBytes: 1200 });
    expect((await unzip(await buffer(fits.stream))).map((e) => e.name)).toEqual(['a.txt', 'sub/', 'sub/b.txt']);
  });

  it('stops and releases the folder when the consumer gives up', async () => {
    for (let i = 0; i < 50; i++) await h.files.write(`big/f${i}.bin`, Buffer.alloc(256 * 1024, i));
    const baseline = await openDescriptors();
    const download = await h.files.downloadFolder('big');
    const first = await new Promise<Buffer>((resolve) => download.stream.once('data', resolve));
    expect(first.length).toBeGreaterThan(0);
    download.stream.destroy();
    // Every descriptor the download opened (the folder, the file being zipped) is closed again.
    const deadline = Date.now() + 5_000;
    while ((await openDescriptors()) > baseline && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await openDescriptors()).toBeLessThanOrEqual(baseline);
  });
});
