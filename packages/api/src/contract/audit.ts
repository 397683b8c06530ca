import { z } from 'zod';
import { defineOperation } from './operation';
import { ZId, ZJsonValue, ZTimestamp, pageLimit } from './common';

export const AUDIT_EVENT_TYPES = [
  /** Any other authenticated query. */
  'request',
  /** Any other authenticated mutation. */
  'mutation',
  'auth.register',
  'auth.register_failed',
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.refresh',
  'auth.refresh_failed',
  'auth.token_reuse',
  'auth.password_change',
  'auth.password_change_failed',
  'auth.password_reset',
  'auth.password_reset_failed',
  'rate_limit.exceeded',
  /** Rejected credentials (bad, expired or revoked token or API key), counted per address and reason over a window. */
  'auth.credential_rejected',
  /** Entries the writer could not keep (its queue was full), counted. */
  'audit.entries_dropped',
  /** A 404 caused by another tenant's or user's object id. */
  'isolation.violation',
] as const;
export const ZAuditEventType = z.enum(AUDIT_EVENT_TYPES);
export type TAuditEventType = z.infer<typeof ZAuditEventType>;

/** One audit record (docs/api-rules.md#audit): its fields, a request id, and its link in the tenant's hash chain. */
export const ZAuditEntry = z.object({
  /** Position in the tenant's chain, 1 upwards without gaps. */
  sequence: z.number().int().min(1),
  tenant_id: ZId,
  user_id: ZId.nullable(),
  event_type: ZAuditEventType,
  endpoint: z.string(),
  method: z.string(),
  status_code: z.number().int(),
  error_code: z.string().nullable(),
  ip_address: z.string().nullable(),
  user_agent: z.string().nullable(),
  /** The request's input with passwords, tokens and secrets replaced by "[REDACTED]". */
  request_body: ZJsonValue.nullable(),
  response_time_ms: z.number().nonnegative(),
  request_id: z.string(),
  /** The tRPC procedure path (`sessions.get`). */
  procedure: z.string(),
  details: z.record(z.string(), ZJsonValue).nullable(),
  created_at: ZTimestamp,
  /** SHA-256 (hex) of the previous entry; 64 zeros for the first. */
  prev_hash: z.string(),
  /** The key the hash was made with (HMAC-SHA-256); null for entries hashed with plain SHA-256. */
  key_id: z.string().nullable().default(null),
  /** HMAC-SHA-256 (or SHA-256, see key_id), hex, over every other field of this entry, prev_hash included. */
  hash: z.string(),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

export const ZListAuditRequest = z
  .strictObject({
    event_type: ZAuditEventType.optional(),
    user_id: ZId.optional(),
    /** Inclusive bounds on created_at. */
    from: ZTimestamp.optional(),
    to: ZTimestamp.optional(),
    limit: pageLimit(50, 200),
    cursor: z.string().max(512).optional(),
  })
  .refine((value) => !value.from || !value.to || Date.parse(value.from) <= Date.parse(value.to), {
    message: 'from must not be after to',
    path: ['from'],
  })
  .meta({ description: '`from` must not be after `to` (400 VALIDATION_ERROR otherwise).' })
  .default({ limit: 50 });
export type TListAuditRequest = z.infer<typeof ZListAuditRequest>;

export const ZListAuditResponse = z.object({
  /** Newest first. */
  entries: z.array(ZAuditEntry),
  count: z.number().int().nonnegative(),
  /** Pass as `cursor` for the next page; null when there is none. */
  next_cursor: z.string().nullable(),
});
export type TListAuditResponse = z.infer<typeof ZListAuditResponse>;

export const ZAuditChainProblem = z.object({
  sequence: z.number().int().nonnegative(),
  kind: z.enum(['altered', 'removed', 'reordered', 'broken_link', 'unverifiable', 'downgraded', 'truncated', 'rewritten']),
  message: z.string(),
});
export type TAuditChainProblem = z.infer<typeof ZAuditChainProblem>;

export const ZVerifyAuditResponse = z.object({
  ok: z.boolean(),
  head_sequence: z.number().int().min(0),
  entries_checked: z.number().int().min(0),
  /** The first altered, removed or reordered entry; null when the chain is intact. */
  problem: ZAuditChainProblem.nullable(),
});
export type TVerifyAuditResponse = z.infer<typeof ZVerifyAuditResponse>;

export const auditContract = {
  list: defineOperation({
    type: 'query',
    input: ZListAuditRequest,
    output: ZListAuditResponse,
    meta: {
      access: 'admin',
      summary: 'The caller’s tenant’s audit trail, newest first, filtered and paginated (Admin only)',
      rest: { method: 'GET', path: '/audit' },
    },
  }),
  verify: defineOperation({
    type: 'query',
    input: undefined,
    output: ZVerifyAuditResponse,
    meta: {
      access: 'admin',
      summary: 'Check the tenant’s audit hash chain; reports the first altered, removed or reordered entry (Admin only)',
      rest: { method: 'GET', path: '/audit/verify' },
    },
  }),
};
