// On a machine without the FoundationDB client library, choosing the fdb backend must fail
// cleanly and say why, instead of crashing the process.
import { describe, expect, it } from 'vitest';
import { openStore, StoreUnavailableError } from '../src/index';

const clientLibraryLoads = await import('foundationdb').then(
  () => true,
  () => false,
);

describe.skipIf(clientLibraryLoads)(
  clientLibraryLoads
    ? 'fdb backend without libfdb_c (skipped: the FoundationDB client library is installed here)'
    : 'fdb backend without libfdb_c',
  () => {
    it('fails to open with a StoreUnavailableError naming the missing client library', async () => {
      const opening = openStore({ backend: 'fdb' });
      await expect(opening).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(opening).rejects.toThrow(/FoundationDB client library \(libfdb_c\)/);
    });
  },
);
