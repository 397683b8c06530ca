// What an upload's body holds, judged from its content type (or the `archive` the caller names):
// many files as multipart/form-data (each part's filename is its path below the target folder,
// parsed as it streams), or one archive handed to the workspace library as a stream. Whatever
// the body's own stream fails with (PAYLOAD_TOO_LARGE past the body limit, a client that went
// away) is kept, so the caller can answer that rather than the library's view of it.
import { Readable } from 'node:stream';
import busboy from 'busboy';
import type { ArchiveFormat, UploadFile } from '@coditect/workspace';
import type { ByteStream, RequestBody } from '../../contract/byte-streams';
import { AppError } from '../../errors/app-error';

export type UploadSource =
  { kind: 'archive'; format: ArchiveFormat; stream: Readable } | { kind: 'files'; files: AsyncIterable<UploadFile> };

const ARCHIVE_TYPES: Record<string, ArchiveFormat> = {
  'application/zip': 'zip',
  'application/x-zip-compressed': 'zip',
  'application/x-tar': 'tar',
  'application/gzip': 'tar.gz',
  'application/x-gzip': 'tar.gz',
  'application/x-gtar': 'tar.gz',
  'application/x-compressed-tar': 'tar.gz',
};

/** Parts per multipart body at most (files and fields); the library bounds entries and bytes. */
const MAX_PARTS = 100_000;

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function unsupported(contentType: string | undefined): AppError {
  return new AppError(
    'VALIDATION_ERROR',
    `Send the files as multipart/form-data, or one archive as application/zip, application/gzip (.tar.gz) or ` +
      `application/x-tar, or name its format with archive=zip|tar|tar.gz (got ${mediaType(contentType) || 'no content type'})`,
    [{ path: 'body', message: 'Unsupported content type' }],
  );
}

/** The body's stream, noting the first error it fails with in `failure`. */
export class TrackedBody {
  failure: unknown;
  constructor(private readonly body: ByteStream) {}

  async *chunks(): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of this.body) yield chunk;
    } catch (error) {
      this.failure ??= error;
      throw error;
    }
  }

  /** Stops reading the body (the transport closes the connection rather than drain it). */
  release(): void {
    this.body.destroy();
  }
}

export function uploadSource(body: RequestBody, tracked: TrackedBody, archive: ArchiveFormat | undefined): UploadSource {
  const type = mediaType(body.contentType);
  const format = archive ?? ARCHIVE_TYPES[type];
  if (format) return { kind: 'archive', format, stream: quiet(Readable.from(tracked.chunks(), { objectMode: false })) };
  if (type === 'multipart/form-data') return { kind: 'files', files: multipartFiles(body.contentType!, tracked) };
  throw unsupported(body.contentType);
}

/**
 * A stream whose error its reader learns by reading it (and TrackedBody records): the event must
 * not also be thrown as uncaught when it fires after the reader stopped.
 */
function quiet(stream: Readable): Readable {
  stream.on('error', () => undefined);
  return stream;
}

type Part = { filename: string; stream: Readable } | { error: unknown } | { end: true };

/** The file parts of a multipart body in order; each must be read to its end before the next comes. */
async function* multipartFiles(contentType: string, tracked: TrackedBody): AsyncGenerator<UploadFile> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      preservePath: true,
      defParamCharset: 'utf8',
      limits: { parts: MAX_PARTS, fields: 100, fieldSize: 64 * 1024, headerPairs: 20 },
    });
  } catch (error) {
    tracked.failure ??= new AppError('VALIDATION_ERROR', `Malformed multipart body: ${(error as Error).message}`, [
      { path: 'body', message: 'Malformed multipart body' },
    ]);
    throw tracked.failure;
  }
  const parts: Part[] = [];
  let wake: (() => void) | undefined;
  const push = (part: Part) => {
    parts.push(part);
    wake?.();
  };
  const malformed = (reason: string) =>
    new AppError('VALIDATION_ERROR', `Malformed multipart body: ${reason}`, [{ path: 'body', message: reason }]);
  parser.on('file', (_field, stream, info) => push({ filename: info.filename ?? '', stream: quiet(stream) }));
  parser.on('field', () => undefined);
  parser.on('partsLimit', () => push({ error: malformed(`more than ${MAX_PARTS} parts`) }));
  parser.on('fieldsLimit', () => push({ error: malformed('too many form fields') }));
  parser.on('error', (error: unknown) => push({ error: tracked.failure ?? malformed((error as Error).message) }));
  parser.on('close', () => push({ end: true }));
  const source = quiet(Readable.from(tracked.chunks(), { objectMode: false }));
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    for (;;) {
      while (parts.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const part = parts.shift()!;
      if ('end' in part) return;
      if ('error' in part) {
        tracked.failure ??= part.error;
        throw part.error;
      }
      yield { path: part.filename, content: part.stream };
    }
  } finally {
    source.unpipe(parser);
    source.destroy();
    parser.removeAllListeners('file');
  }
}
