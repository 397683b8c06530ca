import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { browserBundleGuard, serverOnlyReason } from './browser-bundle-guard';

describe('serverOnlyReason', () => {
  it('allows the contract’s files and rejects the rest of the API package', () => {
    expect(serverOnlyReason('/repo/packages/api/src/contract/index.ts')).toBeUndefined();
    expect(serverOnlyReason('/repo/packages/api/src/contract/sessions.ts')).toBeUndefined();
    expect(serverOnlyReason('/repo/packages/api/src/contract/error-codes.ts')).toBeUndefined();
    expect(serverOnlyReason('/repo/packages/api/src/errors/app-error.ts')).toBe('server code of @coditect/api');
    expect(serverOnlyReason('/repo/packages/api/src/procedure.ts')).toBe('server code of @coditect/api');
    expect(serverOnlyReason('/repo/packages/api/src/index.ts')).toBe('server code of @coditect/api');
    expect(serverOnlyReason('/repo/packages/api/src/router/auth/login.ts')).toBe('server code of @coditect/api');
    expect(serverOnlyReason('/repo/packages/api/src/domain/identity/tokens.ts')).toBe('server code of @coditect/api');
    expect(serverOnlyReason('/repo/packages/store/src/index.ts')).toBe('a server-side package');
    expect(serverOnlyReason('/repo/packages/sandbox/src/index.ts')).toBe('a server-side package');
  });

  it('rejects Node built-ins and server-only packages', () => {
    expect(serverOnlyReason('node:crypto')).toBe('a Node.js built-in module');
    expect(serverOnlyReason('__vite-browser-external:node:fs')).toBe('a Node.js built-in module');
    expect(serverOnlyReason('/repo/node_modules/.pnpm/jose@6.2.17/node_modules/jose/dist/index.js')).toBe(
      'a server-only package',
    );
    expect(serverOnlyReason('/repo/node_modules/.pnpm/zod@4.6.7/node_modules/zod/index.js')).toBeUndefined();
    expect(serverOnlyReason('/repo/apps/web/src/main.tsx')).toBeUndefined();
  });
});

describe('browserBundleGuard in a real build', () => {
  const buildEntry = (fixture: string) =>
    build({
      configFile: false,
      logLevel: 'silent',
      root: fileURLToPath(new URL('..', import.meta.url)),
      plugins: [browserBundleGuard()],
      build: { write: false, lib: { entry: fileURLToPath(new URL(`fixtures/${fixture}`, import.meta.url)), formats: ['es'] } },
    });

  it('builds the contract and a type-only router import', async () => {
    await expect(buildEntry('imports-contract.ts')).resolves.toBeDefined();
  }, 60_000);

  it('fails the build when server code is imported', async () => {
    await expect(buildEntry('imports-server-code.ts')).rejects.toThrow(/server code in the browser bundle/);
  }, 60_000);
});
