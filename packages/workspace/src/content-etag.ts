// The etag of a file is a hash of its bytes, so it changes whenever the content does, whoever
// wrote it (this library, a terminal, an upload), and never when only the mtime moves.
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

const ETAG_LENGTH = 27; // 160 bits of SHA-256, base64url

export function contentEtag(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('base64url').slice(0, ETAG_LENGTH);
}

/** The etag of an opened file's content, read in chunks (the file may be larger than memory allows). */
export async function fileEtag(handle: FileHandle): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(256 * 1024);
  let position = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  return hash.digest('base64url').slice(0, ETAG_LENGTH);
}
