// The router and the contract describe the same operations, and each procedure's middleware chain
// is the one its declared access calls for: authentication and the role check (contract/permissions.ts)
// for everything but `public`, the dedicated limit exactly where meta names one, the byte-stream
// transport check exactly where an operation takes a raw body or answers a stream.
import { describe, expect, it } from 'vitest';
import { apiContract, appRouter, chainMiddleware, listOperations } from '@coditect/api';
import { describeProcedures } from '../../src/trpc/trpc-internals';

const procedures = describeProcedures(appRouter);
const operations = new Map(listOperations(apiContract).map(({ path, operation }) => [path, operation]));

describe('procedure chains', () => {
  it('the router has a procedure for each operation of the contract, and nothing else', () => {
    expect(procedures.map((procedure) => procedure.path).sort()).toEqual([...operations.keys()].sort());
  });

  for (const procedure of procedures) {
    it(`${procedure.path}: kind, meta and chain follow its contract operation`, () => {
      const operation = operations.get(procedure.path)!;
      expect(procedure.type).toBe(operation.type);
      expect(procedure.meta).toBe(operation.meta);
      const has = (middleware: unknown) => procedure.middlewares.includes(middleware);
      const { access, rateLimit } = operation.meta;
      expect(has(chainMiddleware.auditCall), 'audited').toBe(true);
      expect(procedure.middlewares[0], 'the audit middleware runs first').toBe(chainMiddleware.auditCall);
      expect(has(chainMiddleware.authenticateCaller), 'authenticated').toBe(access !== 'public');
      expect(has(chainMiddleware.requireRole), 'role checked').toBe(access !== 'public');
      expect(has(chainMiddleware.dedicatedLimit), 'dedicated limit').toBe(rateLimit !== undefined);
      const { rest } = operation.meta;
      expect(has(chainMiddleware.requireByteStreams), 'REST only').toBe(Boolean(rest?.rawBody ?? rest?.streamed));
    });
  }

  it('REST methods match the kinds: GET routes are queries, the others mutations', () => {
    for (const operation of operations.values()) {
      if (!operation.meta.rest) continue;
      expect(operation.meta.rest.method === 'GET', operation.meta.summary).toBe(operation.type === 'query');
    }
  });
});
