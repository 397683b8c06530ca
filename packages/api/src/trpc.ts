/**
 * 1. CONTEXT — what every procedure receives: the process-wide dependencies and this request.
 * 2. INITIALIZATION — tRPC with our meta and the error formatter (SPEC §4 codes in `data`).
 * 3. MIDDLEWARE AND PROCEDURE BUILDERS — domain-error mapping, then public/protected builders.
 */
import { initTRPC } from '@trpc/server';
import { errorBody, toAppError, toTRPCError } from './errors/error-classification';
import { AppError } from './errors/app-error';
import type { ErrorCode } from './errors/error-codes';
import type { ProcedureMeta } from './router/operation';
import { authenticate } from './domain/identity/authenticate';
import type { AuthIdentity, IdentityDeps } from './domain/identity/identity-context';
import { createTenantScope, type TenantScope } from './storage/tenant-scope';
import type { LlmProvider } from './domain/llm/llm-provider';

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
}

/** What the transport knows about the request. */
export interface RequestInfo {
  requestId: string;
  ip: string;
  userAgent: string | undefined;
  /** `Bearer <token>`: the Authorization header, or an SSE subscription's `connectionParams.token`. */
  authorization: string | undefined;
  /** The X-API-Key header (an API key may also come as `Authorization: Bearer cdk_...`). */
  apiKey?: string | undefined;
  /** Set once the caller is authenticated, so the edge (audit) knows who called. */
  identity?: AuthIdentity;
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

/** Domain errors thrown by services become tRPC errors with the matching tRPC code and status. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const domainError = result.error.cause;
    if (result.error.code !== toTRPCError(domainError).code) throw toTRPCError(domainError);
  }
  return result;
});

export const publicProcedure = t.procedure.use(mapDomainErrors);

/**
 * Authenticated calls: a valid access token of a still-active auth session, or a live API key
 * allowed to make this kind of call (meta `access`, procedure type). The tenant comes from the
 * verified credential only, and handlers reach tenant data solely through `ctx.tenant`.
 */
export const protectedProcedure = publicProcedure.use(async ({ ctx, meta, type, next }) => {
  const identity = await authenticate(ctx.deps, ctx.request, { type, access: meta?.access });
  ctx.request.identity = identity;
  const tenant: TenantScope = createTenantScope(ctx.deps.store, identity.tenantId);
  return next({ ctx: { auth: identity, tenant } });
});
