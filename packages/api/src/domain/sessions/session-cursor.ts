// The opaque `cursor` of sessions.list: the position (updated_at ms, id) of the last row served.
// It carries no user or tenant: the next page is always read under the caller's own prefix.
import { z } from 'zod';
import { AppError } from '../../errors/app-error';

const ZCursor = z.tuple([z.number().int().nonnegative(), z.uuid()]);

export function encodeSessionCursor(position: { updatedMs: number; sessionId: string }): string {
  return Buffer.from(JSON.stringify([position.updatedMs, position.sessionId])).toString('base64url');
}

export function decodeSessionCursor(cursor: string): { updatedMs: number; sessionId: string } {
  try {
    const [updatedMs, sessionId] = ZCursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { updatedMs, sessionId };
  } catch {
    throw new AppError('VALIDATION_ERROR', 'Invalid cursor', [{ path: 'cursor', message: 'Invalid cursor' }]);
  }
}
