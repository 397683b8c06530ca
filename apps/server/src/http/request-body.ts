// Reads a request body with a hard size limit and parses it as JSON.
import type { IncomingMessage } from 'node:http';
import { AppError } from '@coditect/api';

export function payloadTooLarge(limit: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `Request body exceeds the limit of ${limit} bytes`);
}

/** The Content-Length the client declared; 0 when none (a chunked body is counted as it is read). */
export function declaredLength(req: IncomingMessage): number {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) ? declared : 0;
}

/**
 * How much of a refused body is read and thrown away before answering 413: a client still sending
 * when the connection closes sees a reset (EPIPE) instead of the answer. Past this, or after
 * DRAIN_MS, the connection is closed anyway.
 */
export const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;
const DRAIN_MS = 10_000;

/** Reads and discards the rest of a body (bounded, see DRAIN_LIMIT_BYTES); resolves when done. */
export function discardBody(req: IncomingMessage, alreadyRead = 0): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let discarded = alreadyRead;
    const finish = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', finish);
      req.off('error', finish);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > DRAIN_LIMIT_BYTES) finish();
    };
    const timer = setTimeout(finish, DRAIN_MS);
    req.on('data', onData);
    req.once('end', finish);
    req.once('error', finish);
    req.resume();
  });
}

/** The raw body; rejects with PAYLOAD_TOO_LARGE once it passes `limit` bytes (after draining it). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (declaredLength(req) > limit) return discardBody(req).then(() => Promise.reject(payloadTooLarge(limit)));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.removeAllListeners('end');
        void discardBody(req, size).then(() => reject(payloadTooLarge(limit)));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/** JSON body → value; an empty body is `undefined`. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('VALIDATION_ERROR', 'Request body is not valid JSON');
  }
}
