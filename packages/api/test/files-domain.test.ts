// The files domain's own rules: every workspace-library code maps to an API code (its status kept,
// but for quotas: 413 rather than 507, see docs/api-rules.md), globs split as ripgrep takes them,
// and audit entries keep file contents out while keeping paths and sizes.
import { WORKSPACE_ERROR_STATUS, WorkspaceError, type WorkspaceErrorCode } from '@coditect/workspace';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS, FILE_ERRORS } from '../src/contract/index';
import { omitFields, pickDetails } from '../src/domain/audit/audit-redaction';
import { splitGlobs } from '../src/domain/files/file-service';
import { workspaceFailure } from '../src/domain/files/workspace-failure';
import { AppError } from '../src/errors/app-error';

describe('workspace errors → API errors', () => {
  const codes = Object.keys(WORKSPACE_ERROR_STATUS) as WorkspaceErrorCode[];

  it.each(codes.filter((code) => code !== 'IO_ERROR'))('%s maps to a declared code with its status', (code) => {
    const mapped = workspaceFailure(new WorkspaceError(code, `message of ${code}`, { path: 'a/b' }));
    expect(mapped).toBeInstanceOf(AppError);
    const expected = code === 'QUOTA_EXCEEDED' ? 413 : WORKSPACE_ERROR_STATUS[code];
    expect(mapped.status).toBe(expected);
    expect(ERROR_STATUS[mapped.code]).toBe(expected);
    if (mapped.status !== 503 && mapped.code !== 'VALIDATION_ERROR') expect(FILE_ERRORS).toContain(mapped.code);
  });

  it('keeps the library’s message and details (a conflict’s current etag, a quota’s figures)', () => {
    const conflict = workspaceFailure(new WorkspaceError('CONFLICT', 'changed: a.txt', { path: 'a.txt', current_etag: 'e1' }));
    expect([conflict.code, conflict.message, conflict.details]).toEqual([
      'CONFLICT',
      'changed: a.txt',
      { path: 'a.txt', current_etag: 'e1' },
    ]);
    const invalid = workspaceFailure(new WorkspaceError('INVALID_ARGUMENT', 'Invalid cursor', { field: 'cursor' }));
    expect(invalid.details).toEqual([{ path: 'cursor', message: 'Invalid cursor' }]);
  });

  it('leaves an I/O failure as it is: a logged 500, its cause never sent', () => {
    const failure = new WorkspaceError('IO_ERROR', 'File operation failed');
    expect(() => workspaceFailure(failure)).toThrow(failure);
  });
});

describe('search globs', () => {
  it('splits on commas outside braces; ! excludes', () => {
    expect(splitGlobs('*.ts, !dist/**,src/**')).toEqual({ include: ['*.ts', 'src/**'], exclude: ['dist/**'] });
    expect(splitGlobs('*.{ts,tsx},!*.{test,spec}.ts')).toEqual({ include: ['*.{ts,tsx}'], exclude: ['*.{test,spec}.ts'] });
    expect(splitGlobs(undefined)).toEqual({ include: [], exclude: [] });
    expect(splitGlobs(' , ! ,')).toEqual({ include: [], exclude: [] });
  });
});

describe('audit omissions and details', () => {
  it('replaces omitted fields by their size and keeps only scalar answer fields', () => {
    expect(omitFields({ path: 'a.txt', content: 'secret text' }, ['content'])).toEqual({
      path: 'a.txt',
      content: '[OMITTED: 11 characters]',
    });
    expect(omitFields({ body: { stream: {} } }, ['body', 'absent'])).toEqual({ body: '[OMITTED]' });
    expect(omitFields('not an object', ['content'])).toBe('not an object');
    expect(
      pickDetails({ path: 'a', size: 3, nested: { x: 1 }, created: true, gone: undefined }, [
        'path',
        'size',
        'nested',
        'created',
        'gone',
      ]),
    ).toEqual({
      path: 'a',
      size: 3,
      created: true,
    });
  });
});
