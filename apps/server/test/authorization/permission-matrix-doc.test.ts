// docs/permissions.md is the matrix the server enforces: rendered from the contract, compared here.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { apiContract } from '@coditect/api/contract';
import { permissionMatrixMarkdown } from '../../src/docs/permission-matrix';

describe('docs/permissions.md', () => {
  it('is the matrix the contract declares (pnpm --filter @coditect/server docs:permissions rewrites it)', async () => {
    const written = await readFile(new URL('../../../../docs/permissions.md', import.meta.url), 'utf8');
    expect(written).toBe(permissionMatrixMarkdown(apiContract));
  });
});
