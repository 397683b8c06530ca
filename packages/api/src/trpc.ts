/**
 * 1. CONTEXT — what every procedure receives: the process-wide dependencies, this request, and
 *    (from the audit middleware on) this call's own state.
 * 2. INITIALIZATION — tRPC with our meta and the error formatter (SPEC §4 codes in `data`).
 * 3. MIDDLEWARE AND PROCEDURE BUILDERS — audit and domain-error mapping around every call, then
 *    public (dedicated rate limits from meta), protected (auth, per-user/tenant limits, tenant
 *    handle) and admin builders.
 */
import { initTRPC } from '@trpc/server';
import { getTRPCErrorFromUnknown, middlewareMarker } from '@trpc/server/unstable-core-do-not-import';
import { errorBody, toAppError, toTRPCError } from './errors/error-classification';
import { AppError } from './errors/app-error';
import type { ErrorCode } from './contract/error-codes';
import type { ProcedureMeta } from './contract/operation';
import { authenticate } from './domain/identity/authenticate';
import type { AuthIdentity, IdentityDeps } from './domain/identity/identity-context';
import { createTenantScope, type TenantScope } from './storage/tenant-scope';
import type { LlmProvider } from './domain/llm/llm-provider';
import { observeCall, type AuditTrail } from './domain/audit/call-observation';
import type { RateLimitGate, RateLimitWindowStatus } from './rate-limiting/rate-limit-gate';
import { enforceCallerLimits, withDedicatedLimit } from './rate-limiting/enforce-rate-limits';

/* ---------------------------------- 1. CONTEXT ---------------------------------- */

export type DependencyStatus = 'ok' | 'unavailable' | 'not_configured';

/** Built once per process by the server and shared by every request. */
export interface ApiDependencies extends IdentityDeps {
  version: string;
  startedAt: number;
  /** Reports Redis health for readiness; absent when Redis is not configured. */
  checkRedis?: () => Promise<DependencyStatus>;
  /** The OpenAI-compatible model provider chat turns and the model list go to. */
  llm: LlmProvider;
  rateLimits: RateLimitGate;
  audit: AuditTrail;
}

/**
 * What the transport knows about the request. One per HTTP request: the calls of a tRPC batch
 * share it, so it holds nothing that belongs to one call (see CallState).
 */
export interface RequestInfo {
  requestId: string;
  ip: string;
  userAgent: string | undefined;
  /** `Bearer <token>`: the Authorization header, or an SSE subscription's `connectionParams.token`. */
  authorization: string | undefined;
  /** The X-API-Key header (an API key may also come as `Authorization: Bearer cdk_...`). */
  apiKey?: string | undefined;
  /** HTTP method and URL path (no query string), for the audit trail. */
  method: string;
  path: string;
  /** `performance.now()` when the request arrived. */
  receivedAt: number;
  /**
   * The rate-limit window closest to refusing this request, over all its calls; the transport
   * turns it into headers.
   */
  rateLimit?: RateLimitWindowStatus;
}

/**
 * What one procedure call learns about itself while it runs, for the audit middleware that
 * started it. Each call has its own, so nothing one call of a batch sets reaches another's entry
 * (a failed login beside a protected call must not be audited as that call's caller).
 */
export interface CallState {
  /** Set once the caller is authenticated. */
  identity: AuthIdentity | undefined;
}

export interface ApiContext {
  deps: ApiDependencies;
  request: RequestInfo;
}

/* ------------------------------- 2. INITIALIZATION ------------------------------- */

const t = initTRPC
  .context<ApiContext>()
  .meta<ProcedureMeta>()
  .create({
    // Never put stack traces in responses, whatever NODE_ENV says.
    isDev: false,
    // Subscriptions (SSE): a comment line every 15 s keeps proxies from closing a stream that waits
    // on a slow model. No inactivity reconnects: a chat turn is not replayed.
    sse: { ping: { enabled: true, intervalMs: 15_000 } },
    errorFormatter({ shape, error }) {
      const body = errorBody(toAppError(error));
      return {
        ...shape,
        message: body.message,
        data: {
          ...shape.data,
          appCode: body.code as ErrorCode,
          details: body.details,
          retryAfter: body.retry_after,
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/* ------------------------- 3. MIDDLEWARE AND PROCEDURE BUILDERS ------------------------- */

/**
 * Around every call (one middleware, as this runs on every request): notes the finished call for
 * the audit trail — authenticated calls, auth events, rate-limit hits, isolation violations; the
 * writer does the rest later, off the response path — and turns domain errors thrown by services
 * into tRPC errors with the matching tRPC code and status. It gives the call its own CallState
 * (one small object), whatever transport runs it: direct dispatch, tRPC's adapter, REST, SSE.
 */
const auditAndMapErrors = t.middleware(async ({ ctx, meta, path, type, getRawInput, next }) => {
  const call: CallState = { identity: undefined };
  // Anonymous calls with a dedicated limit (login, register) are counted first; protected
  // procedures count theirs after authentication. (Here rather than in publicProcedure's own
  // middleware: every request pays for each level of the chain.)
  const result =
    meta?.rateLimit && meta.access === 'public'
      ? await withDedicatedLimit(ctx.deps.rateLimits, ctx.request, undefined, meta.rateLimit, await getRawInput(), () =>
          next({ ctx: { call } }),
        ).catch((cause: unknown) => ({ ok: false as const, error: getTRPCErrorFromUnknown(cause), marker: middlewareMarker }))
      : await next({ ctx: { call } });
  const observation = observeCall({
    request: ctx.request,
    identity: call.identity,
    procedure: path,
    type,
    meta,
    getRawInput,
    result,
    now: ctx.deps.now,
  });
  if (observation) ctx.deps.audit.record(observation);
  if (!result.ok && result.error.cause instanceof AppError) {
    const domainError = result.error.cause;
    if (result.error.code !== toTRPCError(domainError).code) throw toTRPCError(domainError);
  }
  return result;
});

const baseProcedure = t.procedure.use(auditAndMapErrors);

/** Anonymous calls; one whose meta names a dedicated limit (login, register) is counted first. */
export const publicProcedure = baseProcedure;

/**
 * Authenticated calls: a valid access token of a still-active auth session, or a live API key
 * allowed to make this kind of call (meta `access`, procedure type), within its user's and tenant's
 * rate limits (and the dedicated limit its meta names, e.g. `rateLimit: 'messages'`). The tenant
 * comes from the verified credential only, and handlers reach tenant data solely through
 * `ctx.tenant`.
 */
export const protectedProcedure = baseProcedure.use(async ({ ctx, meta, type, getRawInput, next }) => {
  const identity = await authenticate(ctx.deps, ctx.request, { type, access: meta?.access });
  ctx.call.identity = identity;
  await enforceCallerLimits(ctx.deps.rateLimits, ctx.request, identity);
  const tenant: TenantScope = createTenantScope(ctx.deps.store, identity.tenantId);
  if (!meta?.rateLimit) return next({ ctx: { auth: identity, tenant } });
  return withDedicatedLimit(ctx.deps.rateLimits, ctx.request, identity, meta.rateLimit, await getRawInput(), () =>
    next({ ctx: { auth: identity, tenant } }),
  );
});

/** Authenticated calls by an Admin of their tenant; anyone else gets 403 FORBIDDEN. */
export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.auth.role !== 'Admin') throw new AppError('FORBIDDEN', 'This operation requires the Admin role');
  return next();
});
