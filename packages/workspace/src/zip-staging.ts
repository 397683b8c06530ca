// Stages a .zip upload. A zip is read from its end (the central directory), so the upload is
// first streamed into meta/tmp (within maxUploadBytes); then every entry's name, type and
// declared size is judged before a single entry is extracted: entry count, total and per-file
// expanded size, compression ratios, unsafe names and link targets. yauzl checks while
// extracting that no entry expands beyond its declared size.
import { unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import yauzl from 'yauzl';
import { archiveEntrySegments, assertSafeLinkTarget, unsafeEntry } from './archive-entry';
import { createTemporaryFile } from './atomic-write';
import type { StagingArea } from './staging-area';
import type { UploadBudget } from './upload-budget';
import { WorkspaceError } from './workspace-error';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const MADE_BY_UNIX = 3;
const MAX_LINK_TARGET_BYTES = 4096;

type Kind = 'file' | 'directory' | 'symlink' | 'skip';

function kindOf(entry: yauzl.Entry): { kind: Kind; mode: number | undefined } {
  const unix = entry.versionMadeBy >> 8 === MADE_BY_UNIX;
  const mode = unix ? entry.externalFileAttributes >>> 16 : 0;
  const type = mode & S_IFMT;
  if (entry.fileName.endsWith('/') || type === S_IFDIR) return { kind: 'directory', mode: undefined };
  if (type === S_IFLNK) return { kind: 'symlink', mode: undefined };
  if (type === 0 || type === S_IFREG) return { kind: 'file', mode: mode & 0o777 || undefined };
  return { kind: 'skip', mode: undefined };
}

function invalidZip(cause: unknown): WorkspaceError {
  return new WorkspaceError(
    'INVALID_ARCHIVE',
    'The archive is not a valid zip file or has unsafe entries',
    { reason: 'invalid_zip' },
    { cause },
  );
}

async function spool(source: Readable, tmpDir: string, budget: UploadBudget): Promise<{ path: string; size: number }> {
  const { path, handle } = await createTemporaryFile(tmpDir, 0o600);
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      budget.addCompressed(chunk.length);
      await handle.write(chunk);
    }
    return { path, size: budget.compressedBytes };
  } catch (error) {
    source.destroy();
    await unlink(path).catch(() => undefined);
    throw error;
  } finally {
    await handle.close();
  }
}

async function readAllEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  const entries: yauzl.Entry[] = [];
  try {
    for await (const entry of zip.eachEntry()) entries.push(entry);
  } catch (error) {
    throw invalidZip(error);
  }
  return entries;
}

/** Stages the zip read from `source` into `staging` below `base` (the target directory's segments). */
export async function stageZip(
  source: Readable,
  tmpDir: string,
  base: readonly string[],
  staging: StagingArea,
  budget: UploadBudget,
  maxEntries: number,
): Promise<{ skipped: number }> {
  const spooled = await spool(source, tmpDir, budget);
  let zip: yauzl.ZipFile | undefined;
  try {
    try {
      zip = await yauzl.openPromise(spooled.path, {
        lazyEntries: true,
        autoClose: false,
        validateEntrySizes: true,
        strictFileNames: true,
        decodeStrings: true,
      });
    } catch (error) {
      throw invalidZip(error);
    }
    if (zip.entryCount > maxEntries) {
      throw new WorkspaceError('PAYLOAD_TOO_LARGE', `Too many entries in one upload (limit ${maxEntries})`, {
        limit: 'upload_entries',
        max: maxEntries,
      });
    }
    const entries = await readAllEntries(zip);

    // Judge everything declared before extracting anything.
    let declared = 0;
    const plan = entries.map((entry, index) => {
      const segments = archiveEntrySegments(entry.fileName, index);
      const { kind, mode } = kindOf(entry);
      if (entry.isEncrypted()) throw unsafeEntry('encrypted entries are not supported', index);
      if (kind === 'file' || kind === 'symlink') {
        if (segments.length === 0) throw unsafeEntry('unsafe entry path', index);
        if (!entry.canDecodeFileData()) throw unsafeEntry('unsupported compression method', index);
        declared += entry.uncompressedSize;
        budget.checkDeclared(entry.uncompressedSize, declared);
        budget.checkRatio(entry.uncompressedSize, entry.compressedSize);
      }
      if (kind === 'symlink' && entry.uncompressedSize > MAX_LINK_TARGET_BYTES)
        throw unsafeEntry('symbolic link target too long', index);
      return { entry, index, segments, kind, mode };
    });
    budget.checkRatio(declared, spooled.size);

    let skipped = 0;
    for (const { entry, index, segments, kind, mode } of plan) {
      if (kind === 'skip') {
        skipped += 1;
        continue;
      }
      if (kind === 'directory') {
        await staging.addDirectory(segments);
        continue;
      }
      let stream: Readable;
      try {
        stream = await zip.openReadStreamPromise(entry);
      } catch (error) {
        throw invalidZip(error);
      }
      // yauzl's size check can fire again after the first error, when nobody listens any more.
      stream.on('error', () => undefined);
      if (kind === 'symlink') {
        const target = await text(stream).catch((error: unknown) => {
          throw invalidZip(error);
        });
        assertSafeLinkTarget([...base, ...segments.slice(0, -1)], target, index);
        await staging.addSymlink(segments, target);
      } else {
        await staging.addFile(segments, stream, mode === undefined ? {} : { mode }).catch((error: unknown) => {
          stream.destroy();
          throw error instanceof WorkspaceError ? error : invalidZip(error);
        });
      }
    }
    return { skipped };
  } finally {
    zip?.close();
    await unlink(spooled.path).catch(() => undefined);
  }
}
