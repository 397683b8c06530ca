/**
 * 1. INITIALIZATION — tRPC with our context, meta and error formatter (error codes in `data`).
 * 2. MIDDLEWARE — one concern each: audit and domain-error mapping around every call,
 *    authentication (with the per-user and per-tenant limits), the role check, dedicated limits.
 * 3. THE PROCEDURE FACTORY — `procedure(contract.op)` picks the chain from the operation's declared
 *    access, applies its meta, input and output, and offers only the verb its type declares, so an
 *    operation's access and kind are stated once, in the contract.
 */
import { initTRPC, type TRPCProcedureBuilder, type TRPCUnsetMarker } from '@trpc/server';
import { z } from 'zod';
import type { AnyOperation, ProcedureMeta } from './contract/operation';
import { leastRoleFor } from './contract/permissions';
import { roleAtLeast } from './contract/roles';
import type { ErrorCode } from './contract/error-codes';
import { serviceDependencies, type ApiContext, type CallState, type PublicContext, type SignedInContext } from './context';
import { AppError } from './errors/app-error';
import { errorBody, toAppError, toTRPCError } from './errors/error-classification';
import { authenticate, noteRejectedCredential } from './middleware/authentication';
import { observeCall } from './middleware/call-audit';
import { enforceCallerLimits, withDedicatedLimit } from './middleware/rate-limits';
import { createTenantScope } from './storage/tenant-scope';
import { outboxedTenantScope } from './middleware/outbox-scope';
import { signedInFromLately } from './domain/identity/sign-in-service';
import { memberTenants } from './domain/identity/member-tenant-scope';

/* -------------------------------- 1. INITIALIZATION -------------------------------- */

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

/* ----------------------------------- 2. MIDDLEWARE ----------------------------------- */

/** A middleware function of this tRPC instance (plain functions, so the chain test can find them). */
type Middleware = Parameters<typeof t.middleware<object>>[0];

/**
 * First around every call: gives the call its own CallState (whatever transport runs it), notes
 * the finished call for the audit trail — authenticated calls, auth events, rate-limit hits,
 * isolation violations; the writer does the rest off the response path — and turns domain errors
 * thrown by services into tRPC errors with the matching code. An anonymous operation's handler
 * gets the service dependencies and the identity scope here; a signed-in one gets its scope from
 * authentication.
 */
const auditCall: Middleware = async ({ ctx, meta, path, type, getRawInput, next }) => {
  const call: CallState = { identity: undefined };
  const result =
    meta?.access === 'public'
      ? await next({ ctx: { call, deps: serviceDependencies(ctx.deps), identity: ctx.deps.identity } })
      : await next({ ctx: { call } });
  const observation = observeCall({
    request: ctx.request,
    identity: call.identity,
    subject: call.subject,
    outboxId: call.outboxId,
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
};

/**
 * A valid access token of a still-active auth session, or a live API key allowed to make this kind
 * of call (meta `access`, procedure type), within its user's and tenant's rate limits. The tenant
 * comes from the verified credential only; the handler gets that tenant's handle and nothing wider.
 */
const authenticateCaller: Middleware = async ({ ctx, meta, type, path, getRawInput, next }) => {
  const { deps, request } = ctx;
  let identity: Awaited<ReturnType<typeof authenticate>>;
  try {
    identity = await authenticate(deps, request, { type, access: meta?.access, acrossTenants: meta?.acrossTenants });
  } catch (error) {
    noteRejectedCredential(deps.audit, request, error, deps.now);
    throw error;
  }
  const call = (ctx as { call?: CallState }).call!;
  call.identity = identity;
  request.caller = { tenantId: identity.tenantId, userId: identity.userId };
  await enforceCallerLimits(deps.rateLimits, request, identity);
  // A mutation's changes and its audit entry commit together (the outbox).
  const tenant =
    type === 'mutation'
      ? outboxedTenantScope(deps, request, call, identity, path, await getRawInput())
      : createTenantScope(deps.store, identity.tenantId);
  const home = identity.homeTenantId === identity.tenantId ? tenant : createTenantScope(deps.store, identity.homeTenantId);
  const tenantOf = memberTenants(deps.store, identity.userId);
  return next({ ctx: { deps: serviceDependencies(deps), auth: identity, tenant, home, tenantOf } });
};

/**
 * The caller's role (read live from their account at authentication) is at least the one the
 * operation asks for (contract/permissions.ts); anyone else gets 403 FORBIDDEN before the input is
 * even read.
 */
const requireRole: Middleware = ({ ctx, meta, type, next }) => {
  const { auth, deps } = ctx as unknown as SignedInContext;
  if (!auth.emailVerified && !meta!.allowUnverified && deps.accountMail.verification === 'required') {
    throw new AppError(
      'EMAIL_NOT_VERIFIED',
      'Verify your email address first: open the link we mailed you (POST /auth/verify-email/resend sends a new one)',
    );
  }
  const least = leastRoleFor({ type, meta: meta! } as AnyOperation);
  if (least !== null && !roleAtLeast(auth.role, least)) {
    throw new AppError(
      'FORBIDDEN',
      least === 'Admin' ? 'This operation requires the Admin role' : `This operation requires the ${least} role or above`,
    );
  }
  return next();
};

/**
 * The limit the operation's meta names (login, register, messages), counted before it runs: for an
 * anonymous call by its input and address, for a signed-in one by its caller.
 */
const dedicatedLimit: Middleware = async ({ ctx, meta, getRawInput, next }) => {
  const { deps, request, auth } = ctx as unknown as {
    deps: ApiContext['deps'];
    request: ApiContext['request'];
    auth?: SignedInContext['auth'];
  };
  // Anonymous sign-ins may be exempt from the account's failure limit at an address it knows; a
  // signed-in caller proving their password (a password change) never is.
  const identity = (ctx as { identity?: PublicContext['identity'] }).identity;
  const isKnownAddress = identity && ((email: string, ip: string) => signedInFromLately({ deps, identity }, email, ip));
  return withDedicatedLimit(deps.rateLimits, request, auth, meta!.rateLimit!, await getRawInput(), () => next(), isKnownAddress);
};

/**
 * Operations that take a raw request body or answer a byte stream (meta `rest.rawBody`,
 * `rest.streamed`) run only where the transport carries those: JSON would drop the stream (and
 * leave the file it reads open) or could never fill the body.
 */
const requireByteStreams: Middleware = ({ ctx, meta, path, next }) => {
  if (!ctx.request.byteStreams) {
    const rest = meta!.rest!;
    throw new AppError(
      'METHOD_NOT_ALLOWED',
      `${path} streams bytes and is served over REST only: ${rest.method} /api/v5${rest.path}`,
    );
  }
  return next();
};

/** The middleware functions of every chain, by role (the router-wide chain test compares them). */
export const chainMiddleware = { auditCall, authenticateCaller, requireRole, dedicatedLimit, requireByteStreams } as const;

/* ------------------------------ 3. THE PROCEDURE FACTORY ------------------------------ */

// Typed as the bare builder: the factory's result type states the context each chain gives.
type Chain = typeof t.procedure;
const publicChain = t.procedure.use(auditCall) as unknown as Chain;
const signedInChain = publicChain.use(authenticateCaller).use(requireRole) as unknown as Chain;

type ContextFor<Op extends AnyOperation> = Op['meta']['access'] extends 'public' ? PublicContext : SignedInContext;
type InputIn<Op extends AnyOperation> = Op['input'] extends z.ZodType ? z.input<Op['input']> : TRPCUnsetMarker;
type InputOut<Op extends AnyOperation> = Op['input'] extends z.ZodType ? z.output<Op['input']> : TRPCUnsetMarker;
/** Subscriptions yield tracked events: their `output` documents each event, it is not parsed. */
type OutputIn<Op extends AnyOperation> = Op['type'] extends 'subscription' ? TRPCUnsetMarker : z.input<Op['output']>;
type OutputOut<Op extends AnyOperation> = Op['type'] extends 'subscription' ? TRPCUnsetMarker : z.output<Op['output']>;

type Builder<Op extends AnyOperation> = TRPCProcedureBuilder<
  ApiContext,
  ProcedureMeta,
  ContextFor<Op>,
  InputIn<Op>,
  InputOut<Op>,
  OutputIn<Op>,
  OutputOut<Op>,
  false
>;

/** Nothing, or an empty object (what the REST shim passes for an empty body); any field is refused. */
const NO_INPUT = z.strictObject({}).optional();

/** The procedure builder for `operation`, offering only the verb its type declares. */
export function procedure<Op extends AnyOperation>(operation: Op): Pick<Builder<Op>, Op['type']> {
  const { meta } = operation;
  // The chains differ only in the context they give; the result type states which one that is.
  let chain = meta.access === 'public' ? publicChain : signedInChain;
  if (meta.rateLimit) chain = chain.use(dedicatedLimit);
  if (meta.rest?.rawBody || meta.rest?.streamed) chain = chain.use(requireByteStreams);
  let builder = chain.meta(meta);
  // An operation without input refuses one, over tRPC as over REST (where the shim checks it).
  builder = builder.input(operation.input ?? NO_INPUT) as unknown as typeof builder;
  if (operation.type !== 'subscription') builder = builder.output(operation.output) as unknown as typeof builder;
  return builder as unknown as Pick<Builder<Op>, Op['type']>;
}
