// Errors: one class, stable codes mapped to statuses, and never a server path or a raw Node error
// at the API surface.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WORKSPACE_ERROR_STATUS, WorkspaceError, fromFsError, isWorkspaceError } from '../src/index';
import { createHarness, type Harness } from './workspace-harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.cleanup();
});

describe('WorkspaceError', () => {
  it('carries a stable code and its HTTP status', () => {
    const error = new WorkspaceError('CONFLICT', 'changed', { current_etag: 'x' });
    expect(error).toMatchObject({ name: 'WorkspaceError', code: 'CONFLICT', status: 409, details: { current_etag: 'x' } });
    expect(isWorkspaceError(error, 'CONFLICT')).toBe(true);
    expect(isWorkspaceError(new Error('x'))).toBe(false);
    expect(WORKSPACE_ERROR_STATUS).toMatchObject({
      INVALID_PATH: 400,
      NOT_FOUND: 404,
      QUOTA_EXCEEDED: 507,
      PAYLOAD_TOO_LARGE: 413,
    });
  });

  it('turns Node errors into codes without their server paths', () => {
    const raw = Object.assign(new Error("ENOENT: no such file or directory, open '/srv/root/t/w/tree/x'"), { code: 'ENOENT' });
    const mapped = fromFsError(raw, 'x');
    expect(mapped).toMatchObject({ code: 'NOT_FOUND', message: 'Not found: x' });
    expect(mapped.cause).toBe(raw);
    expect(fromFsError(Object.assign(new Error('/srv/secret'), { code: 'EWHATEVER' })).message).toBe('File operation failed');
  });

  it('reports a workspace removed under a handle as NOT_FOUND, without server paths', async () => {
    await h.files.write('a.txt', 'x');
    await rm(join(h.rootDir, 't1', 'w1'), { recursive: true });
    const attempts = [
      () => h.files.read('a.txt'),
      () => h.files.write('b.txt', 'x'),
      () => h.files.list(''),
      () => h.files.find('a'),
      () => h.files.usage(),
      () => h.files.mkdir('d'),
    ];
    for (const attempt of attempts) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkspaceError);
      expect((error as WorkspaceError).code).toBe('NOT_FOUND');
      expect((error as WorkspaceError).message).not.toContain(h.dir);
    }
  });
});
