// The router's procedures by dotted path, and one fast way to call any of them with a ready input.
import type { AnyTRPCProcedure, AnyTRPCRouter } from '@trpc/server';
import { TRPCError, getTRPCErrorFromUnknown, middlewareMarker } from '@trpc/server/unstable-core-do-not-import';
import type { ApiContext } from '@coditect/api';

export type ProcedureIndex = ReadonlyMap<string, AnyTRPCProcedure>;

export function indexProcedures(router: AnyTRPCRouter): ProcedureIndex {
  // tRPC keeps a flat "a.b" → procedure record beside the nested one.
  return new Map(Object.entries(router._def.procedures as unknown as Record<string, AnyTRPCProcedure>));
}

interface CallOptions {
  ctx: unknown;
  path: string;
  type: string;
  input: unknown;
  getRawInput: () => Promise<unknown>;
  signal: AbortSignal | undefined;
  batchIndex: number;
}

interface NextOptions {
  ctx?: Record<string, unknown>;
  input?: unknown;
  getRawInput?: () => Promise<unknown>;
}

type MiddlewareResult = { ok: true; data: unknown; ctx?: unknown; marker?: unknown } | { ok: false; error: Error };
type Middleware = ((options: CallOptions & { meta: unknown; next: (next?: NextOptions) => Promise<MiddlewareResult> }) => Promise<MiddlewareResult>) & {
  _type?: string;
};

interface OutputSchema {
  parseAsync(value: unknown): Promise<unknown>;
}

interface ProcedureDef {
  middlewares: Middleware[];
  meta: unknown;
  type: string;
  output?: OutputSchema;
}

/**
 * Runs the procedure's middleware chain (ours, input and output validation, the resolver) with
 * tRPC's exact semantics. tRPC's own runner copies the options with a transpiled object-spread
 * helper at every level, which cost two thirds of a health request; this one uses native spreads.
 * The wire-format tests compare every outcome with tRPC's own adapter.
 */
export async function invokeProcedure(
  procedure: AnyTRPCProcedure,
  path: string,
  ctx: ApiContext,
  input: unknown,
  signal?: AbortSignal,
): Promise<unknown> {
  const def = procedure._def as unknown as ProcedureDef;
  const result = await runMiddleware(0, def, {
    ctx,
    path,
    type: def.type,
    input: undefined,
    getRawInput: () => Promise.resolve(input),
    signal,
    batchIndex: 0,
  });
  if (!result.ok) throw result.error;
  return result.data;
}

async function runMiddleware(index: number, def: ProcedureDef, options: CallOptions): Promise<MiddlewareResult> {
  try {
    const middleware = def.middlewares[index]!;
    if (middleware._type === 'output' && typeof def.output?.parseAsync === 'function') {
      return await validateOutput(index, def, options);
    }
    const meta = def.meta;
    // Explicit literals (one object shape for every call) rather than spreads: this is the hot path.
    return await middleware({
      ctx: options.ctx,
      path: options.path,
      type: options.type,
      input: options.input,
      getRawInput: options.getRawInput,
      signal: options.signal,
      batchIndex: options.batchIndex,
      meta,
      next: (next?: NextOptions) =>
        runMiddleware(index + 1, def, {
          ctx: next?.ctx ? { ...(options.ctx as object), ...next.ctx } : options.ctx,
          path: options.path,
          type: options.type,
          input: next && 'input' in next ? next.input : options.input,
          getRawInput: next?.getRawInput ?? options.getRawInput,
          signal: options.signal,
          batchIndex: options.batchIndex,
        }),
    });
  } catch (cause) {
    return { ok: false, error: getTRPCErrorFromUnknown(cause), marker: middlewareMarker } as MiddlewareResult;
  }
}

/** tRPC's output-validation step (same parser call, same error), minus its per-call object copies. */
async function validateOutput(index: number, def: ProcedureDef, options: CallOptions): Promise<MiddlewareResult> {
  const result = await runMiddleware(index + 1, def, options);
  if (!result.ok) return result;
  let data: unknown;
  try {
    data = await def.output!.parseAsync(result.data);
  } catch (cause) {
    throw new TRPCError({ message: 'Output validation failed', code: 'INTERNAL_SERVER_ERROR', cause });
  }
  return { marker: result.marker, ok: true, data, ctx: result.ctx };
}
