// Stages a .tar or .tar.gz upload as it streams (tar needs no seeking): entries are handled one
// after another while the budget counts compressed bytes read and expanded bytes written, so a
// bomb is refused after at most one limit's worth of output, with nothing committed. Hard links
// and special files (devices, FIFOs) are skipped, never created.
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { Parser, type ReadEntry } from 'tar';
import { archiveEntrySegments, assertSafeLinkTarget, unsafeEntry } from './archive-entry';
import type { StagingArea } from './staging-area';
import type { UploadBudget } from './upload-budget';
import { WorkspaceError } from './workspace-error';

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);

function invalidTar(cause: unknown): WorkspaceError {
  return new WorkspaceError('INVALID_ARCHIVE', 'The archive is not a valid tar file', { reason: 'invalid_tar' }, { cause });
}

/** Stages the tar (optionally gzipped) read from `source` into `staging`, below `base`. */
export async function stageTar(
  source: Readable,
  base: readonly string[],
  staging: StagingArea,
  budget: UploadBudget,
): Promise<{ skipped: number }> {
  // Our budget judges the ratio (with a floor for small archives); tar's own check has none.
  const parser = new Parser({ strict: true, maxDecompressionRatio: Number.POSITIVE_INFINITY });
  let failure: unknown;
  let skipped = 0;
  let index = 0;
  let chain: Promise<void> = Promise.resolve();
  const fail = (error: unknown) => {
    failure ??= error;
    source.destroy();
  };

  async function stageEntry(entry: ReadEntry, at: number): Promise<void> {
    const segments = archiveEntrySegments(entry.path, at);
    if (entry.type === 'Directory') {
      entry.resume();
      await staging.addDirectory(segments);
    } else if (FILE_TYPES.has(entry.type)) {
      if (segments.length === 0) throw unsafeEntry('unsafe entry path', at);
      budget.checkDeclared(entry.size, budget.expandedBytes + entry.size);
      await staging.addFile(segments, entry, entry.mode === undefined ? {} : { mode: entry.mode });
    } else if (entry.type === 'SymbolicLink') {
      entry.resume();
      if (segments.length === 0) throw unsafeEntry('unsafe entry path', at);
      assertSafeLinkTarget([...base, ...segments.slice(0, -1)], entry.linkpath ?? '', at);
      await staging.addSymlink(segments, entry.linkpath!);
    } else {
      entry.resume();
      skipped += 1;
    }
  }

  parser.on('entry', (entry: ReadEntry) => {
    const at = index++;
    chain = chain.then(async () => {
      if (failure) return void entry.resume();
      try {
        await stageEntry(entry, at);
      } catch (error) {
        entry.resume();
        fail(error);
      }
    });
  });
  const done = new Promise<void>((resolve) => {
    parser.once('end', resolve);
    parser.once('close', resolve);
    parser.once('abort', resolve);
  });
  parser.on('error', (error: unknown) => fail(invalidTar(error)));

  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      budget.addCompressed(chunk.length);
      if (!parser.write(chunk)) await Promise.race([once(parser, 'drain'), done]);
      if (failure) break;
    }
  } catch (error) {
    fail(error);
  }
  if (!failure) {
    parser.end();
    await done;
  }
  await chain;
  if (failure) throw failure instanceof WorkspaceError ? failure : invalidTar(failure);
  if (index === 0) throw invalidTar(new Error('no entries'));
  return { skipped };
}
