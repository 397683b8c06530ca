// How an operation is declared once: its zod input/output, who may call it, and where it lives in
// the REST shim. Procedures are built from these; the shim's route table and the OpenAPI document
// are derived from the same objects. Browser-safe.
import type { z } from 'zod';
import type { ErrorCode } from './error-codes';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RestMeta {
  method: HttpMethod;
  /** Path under /api/v5; `:name` segments fill the input field of that name. */
  path: string;
  /** Status of a successful answer (default 200). */
  successStatus?: 200 | 201;
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
 * password, reset by a success), `register` (per client IP), `messages` (per user).
 */
export type DedicatedRateLimit = 'login' | 'register' | 'messages';

/** Auth events the audit trail records by name: `auth.<event>` on success, `auth.<event>_failed` otherwise. */
export type AuthEvent = 'register' | 'login' | 'logout' | 'refresh' | 'password_change';

export interface ProcedureMeta {
  rest?: RestMeta;
  access: Access;
  summary: string;
  /**
   * Domain errors the operation can answer beyond those any call of its kind can (validation,
   * authentication, rate limits, body size, internal/unavailable); the OpenAPI document lists both.
   */
  errors?: readonly ErrorCode[];
  rateLimit?: DedicatedRateLimit;
  auditEvent?: AuthEvent;
}

export interface Operation<
  TInput extends z.ZodType | undefined = z.ZodType | undefined,
  TOutput extends z.ZodType = z.ZodType,
> {
  input: TInput;
  output: TOutput;
  meta: ProcedureMeta;
}

export function defineOperation<TInput extends z.ZodType | undefined, TOutput extends z.ZodType>(
  operation: Operation<TInput, TOutput>,
): Operation<TInput, TOutput> {
  return operation;
}
