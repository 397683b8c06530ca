// Everything this server reads from tRPC beyond its public API, in one module: the flat procedure
// record, a procedure's middleware chain and kind, the middleware result marker, the router's
// transformer. They make the direct dispatch (REST and tRPC queries/mutations straight from
// node:http, ~10x tRPC's own adapters) possible. `checkTrpcInternals` runs at start-up: if an
// upgrade changed any of them, the server says so once and serves everything through tRPC's own
// Node adapter and `createCaller` instead (slower, correct). Upgrading tRPC: see the README.
import type { AnyTRPCProcedure, AnyTRPCRouter } from '@trpc/server';
import { initTRPC, TRPCError, getTRPCErrorFromUnknown, getTRPCErrorShape, transformTRPCResponse } from '@trpc/server';
import type { TRPCErrorShape, TRPCResponse } from '@trpc/server/rpc';
import { defaultTransformer, middlewareMarker } from '@trpc/server/unstable-core-do-not-import';
import { z } from 'zod';

export type ProcedureType = 'query' | 'mutation' | 'subscription';

/** Calls a procedure by its dotted path with a ready context and raw input. */
export type ProcedureInvoker = (path: string, ctx: object, input: unknown, signal?: AbortSignal) => Promise<unknown>;

export interface DirectDispatch {
  /** The procedure at a dotted path (`sessions.get`) and its kind. */
  lookup(path: string): { procedure: AnyTRPCProcedure; type: ProcedureType } | undefined;
  invoke: ProcedureInvoker;
  /** The JSON of a response (or batch), through the router's data transformer if it has one. */
  serialize(response: TRPCResponse | TRPCResponse[]): string;
  /** A call's error as the router's error formatter shapes it. */
  errorShape(options: {
    error: TRPCError;
    type: ProcedureType | 'unknown';
    path: string | undefined;
    input: unknown;
    ctx: unknown;
  }): TRPCErrorShape;
}

/** The fast dispatch over `router`'s internals. Only call after `checkTrpcInternals` passed. */
export function createDirectDispatch(router: AnyTRPCRouter): DirectDispatch {
  // tRPC keeps a flat "a.b" → procedure record beside the nested one.
  const procedures = new Map(Object.entries(router._def.procedures as unknown as Record<string, AnyTRPCProcedure>));
  const config = router._def._config;
  return {
    lookup(path) {
      const procedure = procedures.get(path);
      return procedure ? { procedure, type: defOf(procedure).type as ProcedureType } : undefined;
    },
    invoke(path, ctx, input, signal) {
      const procedure = procedures.get(path);
      if (!procedure)
        return Promise.reject(new TRPCError({ code: 'NOT_FOUND', message: `No procedure found on path "${path}"` }));
      return invokeProcedure(procedure, path, ctx, input, signal);
    },
    // Without a data transformer the wire JSON is the result itself; skip tRPC's per-call copies.
    serialize:
      config.transformer === defaultTransformer
        ? (response) => JSON.stringify(response)
        : (response) => JSON.stringify(transformTRPCResponse(config, response)),
    errorShape: (options) => getTRPCErrorShape({ config, ...options }) as TRPCErrorShape,
  };
}

/** Calls through tRPC's public `createCaller`: what the REST shim uses when the internals changed. */
export function createCallerInvoker(router: AnyTRPCRouter): ProcedureInvoker {
  const factory = initTRPC.create().createCallerFactory(router as never) as (ctx: object) => unknown;
  return (path, ctx, input) => {
    let target = factory(ctx) as Record<string, unknown>;
    for (const segment of path.split('.')) target = target[segment] as Record<string, unknown>;
    return (target as unknown as (input: unknown) => Promise<unknown>)(input);
  };
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
type Middleware = ((
  options: CallOptions & { meta: unknown; next: (next?: NextOptions) => Promise<MiddlewareResult> },
) => Promise<MiddlewareResult>) & {
  _type?: string;
};

interface Schema {
  parseAsync(value: unknown): Promise<unknown>;
  parse?(value: unknown): unknown;
  /** Present on zod 4 schemas. */
  _zod?: unknown;
}

interface ProcedureDef {
  middlewares: Middleware[];
  meta: unknown;
  type: string;
  inputs?: Schema[];
  output?: Schema;
}

/** Schemas found to need zod's async parse (an async refinement or transform somewhere inside). */
const asyncSchemas = new WeakSet<Schema>();

/**
 * What `schema.parseAsync(value)` gives (the value, or the same ZodError thrown), as tRPC's
 * validators call it — through zod's synchronous parse when the schema allows it: zod compiles an
 * object schema to one straight-line check only for synchronous parses (2-3x faster measured on
 * the session and profile schemas). A schema with async parts makes the synchronous parse throw
 * $ZodAsyncError before any answer; it is parsed asynchronously then and from then on.
 */
function parseLikeParseAsync(schema: Schema, value: unknown): unknown {
  if (schema._zod !== undefined && typeof schema.parse === 'function' && !asyncSchemas.has(schema)) {
    try {
      return schema.parse(value);
    } catch (error) {
      if (!(error instanceof z.core.$ZodAsyncError)) throw error;
      asyncSchemas.add(schema);
    }
  }
  return schema.parseAsync(value);
}

function defOf(procedure: AnyTRPCProcedure): ProcedureDef {
  return procedure._def as unknown as ProcedureDef;
}

/**
 * Runs the procedure's middleware chain (ours, input and output validation, the resolver) with
 * tRPC's exact semantics. tRPC's own runner copies the options with a transpiled object-spread
 * helper at every level, which cost two thirds of a health request; this one uses native spreads.
 * The wire-format tests compare every outcome with tRPC's own adapter.
 */
async function invokeProcedure(
  procedure: AnyTRPCProcedure,
  path: string,
  ctx: object,
  input: unknown,
  signal?: AbortSignal,
): Promise<unknown> {
  const def = defOf(procedure);
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
    if (middleware._type === 'input') {
      const schema = inputSchemasOf(def)[index];
      if (schema) return await validateInput(index, def, options, schema);
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

const inputSchemasByDef = new WeakMap<ProcedureDef, Array<Schema | undefined>>();

/** The schema of each input-validation step, by its index in the chain (`.input()` adds both in step). */
function inputSchemasOf(def: ProcedureDef): Array<Schema | undefined> {
  let schemas = inputSchemasByDef.get(def);
  if (!schemas) {
    const steps = def.middlewares.flatMap((middleware, index) => (middleware._type === 'input' ? [index] : []));
    const inputs = def.inputs ?? [];
    schemas = [];
    if (steps.length === inputs.length) {
      steps.forEach((index, nth) => {
        if (typeof inputs[nth]?.parseAsync === 'function') schemas![index] = inputs[nth];
      });
    }
    inputSchemasByDef.set(def, schemas);
  }
  return schemas;
}

/** tRPC's input-validation step (same parser call, same error, inputs merged the same way). */
async function validateInput(index: number, def: ProcedureDef, options: CallOptions, schema: Schema): Promise<MiddlewareResult> {
  const rawInput = await options.getRawInput();
  let parsed: unknown;
  try {
    const result = parseLikeParseAsync(schema, rawInput);
    parsed = result instanceof Promise ? await result : result;
  } catch (cause) {
    throw new TRPCError({ code: 'BAD_REQUEST', cause });
  }
  const input = isObject(options.input) && isObject(parsed) ? { ...options.input, ...parsed } : parsed;
  return runMiddleware(index + 1, def, {
    ctx: options.ctx,
    path: options.path,
    type: options.type,
    input,
    getRawInput: options.getRawInput,
    signal: options.signal,
    batchIndex: options.batchIndex,
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && !Array.isArray(value) && typeof value === 'object';
}

/** tRPC's output-validation step (same parser call, same error), minus its per-call object copies. */
async function validateOutput(index: number, def: ProcedureDef, options: CallOptions): Promise<MiddlewareResult> {
  const result = await runMiddleware(index + 1, def, options);
  if (!result.ok) return result;
  let data: unknown;
  try {
    const parsed = parseLikeParseAsync(def.output!, result.data);
    data = parsed instanceof Promise ? await parsed : parsed;
  } catch (cause) {
    throw new TRPCError({ message: 'Output validation failed', code: 'INTERNAL_SERVER_ERROR', cause });
  }
  return { marker: result.marker, ok: true, data, ctx: result.ctx };
}

/* ------------------------------- the start-up check ------------------------------- */

/**
 * Whether the internals above still look and behave as relied on: the record and chain shapes,
 * and — on a probe router built with tRPC's public API — the same outcomes from the direct runner
 * as from `createCaller` (context overrides, input and output validation, errors thrown in a
 * middleware and in a resolver). Answers the first difference found, or undefined.
 */
export async function checkTrpcInternals(router: AnyTRPCRouter): Promise<string | undefined> {
  try {
    if (typeof middlewareMarker === 'undefined') return 'middlewareMarker is gone';
    const record = (router._def as { procedures?: unknown }).procedures;
    if (typeof record !== 'object' || record === null) return 'router._def.procedures is not a record';
    for (const [path, procedure] of Object.entries(record as Record<string, AnyTRPCProcedure>)) {
      const def = (procedure as unknown as { _def?: Partial<ProcedureDef> })._def;
      if (!def || !Array.isArray(def.middlewares) || def.middlewares.some((fn) => typeof fn !== 'function')) {
        return `procedure ${path} has no middleware chain`;
      }
      if (!['query', 'mutation', 'subscription'].includes(String(def.type))) return `procedure ${path} has no type`;
    }
    if (typeof (router._def as { _config?: unknown })._config !== 'object') return 'router._def._config is missing';
    return await compareWithCaller();
  } catch (error) {
    return `the check itself failed: ${(error as Error).message}`;
  }
}

async function compareWithCaller(): Promise<string | undefined> {
  const t = initTRPC.context<{ base: number }>().create();
  const withExtra = t.procedure.use(({ next }) => next({ ctx: { extra: 2 } }));
  const probe = t.router({
    sum: withExtra
      .input(z.object({ n: z.number() }))
      .output(z.object({ total: z.number() }))
      .query(({ ctx, input }) => ({ total: ctx.base + ctx.extra + input.n })),
    badOutput: t.procedure.output(z.object({ n: z.number() })).query(() => ({ n: 'x' }) as unknown as { n: number }),
    refused: t.procedure
      .use(() => {
        throw new TRPCError({ code: 'FORBIDDEN', message: 'no' });
      })
      .mutation(() => 1),
    failing: t.procedure.input(z.string()).mutation(({ input }) => {
      throw new TRPCError({ code: 'CONFLICT', message: input });
    }),
    // Validated synchronously where zod can, asynchronously where it cannot.
    asyncRefined: t.procedure
      .input(z.object({ n: z.number().refine(async (n) => n > 0) }))
      .output(z.object({ n: z.number().refine(async (n) => n < 10) }))
      .query(({ input }) => input),
  });
  const direct = createDirectDispatch(probe);
  const viaCaller = createCallerInvoker(probe);
  const cases: Array<[string, unknown]> = [
    ['sum', { n: 3 }],
    ['sum', { n: 'three' }],
    ['badOutput', undefined],
    ['refused', undefined],
    ['failing', 'stale'],
    ['asyncRefined', { n: 3 }],
    ['asyncRefined', { n: -3 }],
    ['asyncRefined', { n: 30 }],
  ];
  for (const [path, input] of cases) {
    const expected = await settle(viaCaller(path, { base: 1 }, input));
    const actual = await settle(direct.invoke(path, { base: 1 }, input));
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      return `${path}: direct dispatch gave ${JSON.stringify(actual)}, createCaller ${JSON.stringify(expected)}`;
    }
  }
  if (direct.lookup('refused')?.type !== 'mutation') return 'procedure types are not where they were';
  return undefined;
}

async function settle(call: Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await call };
  } catch (error) {
    const trpcError = getTRPCErrorFromUnknown(error);
    return { code: trpcError.code, message: trpcError.message };
  }
}

/** Every procedure's path, kind, meta and middleware functions (for the router-wide checks). */
export function describeProcedures(
  router: AnyTRPCRouter,
): Array<{ path: string; type: ProcedureType; meta: unknown; middlewares: readonly unknown[] }> {
  return Object.entries(router._def.procedures as unknown as Record<string, AnyTRPCProcedure>).map(([path, procedure]) => {
    const def = defOf(procedure);
    return { path, type: def.type as ProcedureType, meta: def.meta, middlewares: def.middlewares };
  });
}
