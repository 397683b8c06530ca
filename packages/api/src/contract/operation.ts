// How an operation is declared once: its kind, its zod input and output, who may call it, and
// where it lives in the REST shim. Procedures are built from these (see procedure.ts); the REST
// route table and the OpenAPI document are derived from the same objects. Browser-safe.
import type { z } from 'zod';
import type { ErrorCode } from './error-codes';
import type { TRole } from './roles';

/** Where the REST shim is mounted: every `RestMeta.path` is under it. */
export const REST_PREFIX = '/api/v5';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** tRPC's procedure kinds: a query reads, a mutation writes, a subscription streams. */
export type OperationType = 'query' | 'mutation' | 'subscription';

export interface RestMeta {
  method: HttpMethod;
  /**
   * Path under /api/v5; `:name` segments fill the input field of that name. A last segment
   * `:name*` takes the rest of the path — zero or more segments, each percent-decoded, joined with
   * `/` (`/files/src/app.ts` → `src/app.ts`; `/files` or `/files/` → `''`).
   */
  path: string;
  /**
   * Query parameters that select this operation where another serves the same method and path
   * (`{ raw: ['1', 'true'] }`: `?raw=1` picks it). They select only; they are not input fields.
   */
  when?: Readonly<Record<string, readonly string[]>>;
  /**
   * The request body is not parsed: the procedure gets it as a RequestBody (contract/byte-streams)
   * in this input field, within the operation's body limit; the other fields come from the path and
   * query. `mediaTypes` are the content types it takes (for the API reference).
   */
  rawBody?: { field: string; mediaTypes: readonly string[] };
  /**
   * The answer is a StreamedBody sent as the response's bytes (not a JSON envelope) with its
   * content type; `mediaTypes` and `description` are for the API reference. Such an operation is
   * REST only: other transports cannot stream it and are refused with METHOD_NOT_ALLOWED.
   */
  streamed?: {
    mediaTypes: readonly string[];
    description: string;
    /** The document sent as `application/json`, when one of the media types is (for the API reference). */
    json?: z.ZodType;
  };
  /**
   * Asked with `Accept: text/event-stream`, the answer is a Server-Sent Events stream instead of
   * one page (the server names the operation's live source); `description` is for the API reference.
   */
  eventStream?: { description: string };
  /** Status of a successful answer (default 200). */
  successStatus?: 200 | 201 | 202;
  /** 'message': the payload's `message` becomes the envelope's top-level `message` (seed shape). */
  envelope?: 'data' | 'message';
  /** Request headers copied into input fields (lower-case header → field). */
  headerInputs?: Record<string, string>;
  /** A payload field echoed as the response's ETag header. */
  etagField?: string;
}

/**
 * Who may call: anyone (`public`); an authenticated user, by access token or API key (`user`);
 * an Admin of the tenant (`admin`); a user signed in with an access token — never an API key —
 * for what a leaked key must not reach: key management, logout, password change (`session`).
 */
export type Access = 'public' | 'user' | 'admin' | 'session';

/**
 * A limit an operation counts against on top of the per-user and per-tenant limits every
 * authenticated call counts against: `login` (per normalised email + client IP, checked before the
 * password, reset by a success; failures also count per client IP across emails and per account
 * across addresses), `register` and `refresh` (per client IP), `messages` and `tasks` (task creations) per user.
 */
export type DedicatedRateLimit = 'login' | 'register' | 'refresh' | 'messages' | 'tasks' | 'mail' | 'oauth';

/**
 * The body limit an operation reads its input within, when larger than the server's default
 * (`BODY_LIMIT`): `file` for whole files sent as JSON (the editor), `upload` for raw uploads.
 * The server maps each name to its configured size.
 */
export type BodyLimit = 'file' | 'upload';

/**
 * What of a call enters its audit entry besides the usual fields: input fields replaced by a
 * marker giving only their size (file contents, upload bodies), and fields of a successful answer
 * copied into the entry's `details` (a written file's path and size).
 */
export interface AuditMeta {
  omitInput?: readonly string[];
  outputDetails?: readonly string[];
}

/** Auth events the audit trail records by name: `auth.<event>` on success, `auth.<event>_failed` otherwise. */
export type AuthEvent = 'register' | 'login' | 'logout' | 'refresh' | 'password_change' | 'password_reset';

export interface ProcedureMeta<TAccess extends Access = Access> {
  rest?: RestMeta;
  access: TAccess;
  /**
   * The least role of the caller's tenant that may call (contract/permissions.ts): by default
   * `Viewer` for queries, `Developer` for mutations and subscriptions, `Admin` for `admin` access.
   */
  role?: TRole;
  summary: string;
  /**
   * Domain errors the operation can answer beyond those any call of its kind can (validation,
   * authentication, rate limits, body size, internal/unavailable); the OpenAPI document lists both.
   * A test checks this against the codes the operation's code can raise.
   */
  errors?: readonly ErrorCode[];
  rateLimit?: DedicatedRateLimit;
  /**
   * Callable by a signed-in user whose email is not verified yet where EMAIL_VERIFICATION=required
   * (their own account: profile, sign-out, a new verification link); every other signed-in
   * operation answers 403 EMAIL_NOT_VERIFIED to them there.
   */
  allowUnverified?: boolean;
  /**
   * The operation concerns the caller's tenants rather than the one they act in (listing them,
   * switching, creating an organisation): it still works, from their self-tenant, when their
   * membership of the active tenant has ended — which every other operation answers with 403
   * MEMBERSHIP_ENDED.
   */
  acrossTenants?: boolean;
  auditEvent?: AuthEvent;
  bodyLimit?: BodyLimit;
  audit?: AuditMeta;
}

export interface Operation<
  TType extends OperationType = OperationType,
  TInput extends z.ZodType | undefined = z.ZodType | undefined,
  TOutput extends z.ZodType = z.ZodType,
  TAccess extends Access = Access,
> {
  type: TType;
  input: TInput;
  /** What a query or mutation answers; what each event of a subscription carries. */
  output: TOutput;
  meta: ProcedureMeta<TAccess>;
}

export type AnyOperation = Operation<OperationType, z.ZodType | undefined, z.ZodType, Access>;

export function defineOperation<
  TType extends OperationType,
  TInput extends z.ZodType | undefined,
  TOutput extends z.ZodType,
  TAccess extends Access,
>(operation: Operation<TType, TInput, TOutput, TAccess>): Operation<TType, TInput, TOutput, TAccess> {
  return operation;
}

/** A domain's operations by name, or a tree of them (the whole API). */
export interface ContractTree {
  readonly [name: string]: AnyOperation | ContractTree;
}

function isOperation(value: AnyOperation | ContractTree): value is AnyOperation {
  return typeof (value as AnyOperation).type === 'string' && typeof (value as AnyOperation).meta === 'object';
}

/** Every operation of a contract tree with its dotted path (`sessions.get`), in declaration order. */
export function listOperations(tree: ContractTree, prefix = ''): Array<{ path: string; operation: AnyOperation }> {
  const found: Array<{ path: string; operation: AnyOperation }> = [];
  for (const [name, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (isOperation(value)) found.push({ path, operation: value });
    else found.push(...listOperations(value, path));
  }
  return found;
}

/**
 * The codes any call of an operation's kind can answer, whatever its own code does: bad input
 * (and, for writes, a body too large), bad or ended credentials, an API key outside its scope, a
 * disabled owner and the caller's rate limits for signed-in operations (and an ended membership of
 * the tenant the call acts in), the dedicated limit its
 * meta names, a REST-only operation called over another transport, a REST body that is not JSON, and the server's own trouble. `meta.errors` lists the rest.
 */
export function implicitErrorCodes(operation: AnyOperation): ErrorCode[] {
  const codes: ErrorCode[] = [];
  if (operation.input !== undefined || operation.type !== 'query') codes.push('VALIDATION_ERROR');
  if (operation.type !== 'query') codes.push('PAYLOAD_TOO_LARGE');
  // A REST body that is not JSON (text/plain, a form) is refused rather than guessed at.
  const rest = operation.meta.rest;
  if (rest && rest.method !== 'GET' && !rest.rawBody) codes.push('UNSUPPORTED_MEDIA_TYPE');
  if (operation.meta.rest?.streamed || operation.meta.rest?.rawBody) codes.push('METHOD_NOT_ALLOWED');
  if (operation.meta.access !== 'public')
    codes.push('UNAUTHORIZED', 'TOKEN_EXPIRED', 'FORBIDDEN', 'ACCOUNT_DISABLED', 'RATE_LIMIT_EXCEEDED');
  if (operation.meta.access !== 'public' && !operation.meta.acrossTenants) codes.push('MEMBERSHIP_ENDED');
  if (operation.meta.access !== 'public' && !operation.meta.allowUnverified) codes.push('EMAIL_NOT_VERIFIED');
  else if (operation.meta.rateLimit) codes.push('RATE_LIMIT_EXCEEDED');
  codes.push('INTERNAL_ERROR', 'SERVICE_UNAVAILABLE');
  return codes;
}

/** Every code an operation can answer: the implicit ones and those its meta declares. */
export function errorCodesOf(operation: AnyOperation): Set<ErrorCode> {
  return new Set([...implicitErrorCodes(operation), ...(operation.meta.errors ?? [])]);
}
