import { z } from 'zod';
import { defineOperation } from './operation';
import { ZId, ZMessageResponse, ZTimestamp } from './common';

/** Every key starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'cdk_';
/** `cdk_` + 32 random bytes in base64url. */
export const API_KEY_PATTERN = /^cdk_[A-Za-z0-9_-]{43}$/;

export const API_KEY_LIMITS = {
  nameChars: 100,
  /** Keys one user may hold at once (expired ones count until revoked). */
  perUser: 50,
  /** Creating a key needs the current password, or a sign-in this recent. */
  recentSignInMinutes: 5,
} as const;

/** `read`: queries only. `write`: everything the owner may do, except what needs a user session. */
export const ZApiKeyScope = z.enum(['read', 'write']);
export type TApiKeyScope = z.infer<typeof ZApiKeyScope>;

export const ZApiKey = z
  .object({
    key_id: ZId,
    name: z.string(),
    scope: ZApiKeyScope,
    /** The key's first characters, to tell keys apart; never enough to use one. */
    prefix: z.string(),
    status: z.enum(['active', 'expired']),
    created_at: ZTimestamp,
    expires_at: ZTimestamp.nullable(),
    /** Updated at most once a minute. */
    last_used_at: ZTimestamp.nullable(),
  })
  .meta({ id: 'ApiKey' });
export type TApiKey = z.infer<typeof ZApiKey>;

export const ZCreateApiKeyRequest = z.strictObject({
  name: z.string().trim().min(1, 'Required').max(API_KEY_LIMITS.nameChars),
  scope: ZApiKeyScope.default('read'),
  /** No expiry when absent; must lie in the future. */
  expires_at: ZTimestamp.optional(),
  /** Required unless the caller signed in within the last API_KEY_LIMITS.recentSignInMinutes. */
  current_password: z.string().min(1).max(512).optional(),
});
export type TCreateApiKeyRequest = z.infer<typeof ZCreateApiKeyRequest>;

export const ZCreatedApiKey = ZApiKey.extend({
  /** The whole key. Shown this once: the server keeps only a keyed hash of it. */
  secret: z.string().regex(API_KEY_PATTERN),
});
export type TCreatedApiKey = z.infer<typeof ZCreatedApiKey>;

export const ZListApiKeysResponse = z.object({
  api_keys: z.array(ZApiKey),
  count: z.number().int().min(0),
});
export type TListApiKeysResponse = z.infer<typeof ZListApiKeysResponse>;

export const ZApiKeyIdRequest = z.strictObject({ key_id: ZId });

export const apiKeysContract = {
  create: defineOperation({
    type: 'mutation',
    input: ZCreateApiKeyRequest,
    output: ZCreatedApiKey,
    meta: {
      access: 'session',
      // The caller's own account: every role, a Viewer included.
      role: 'Viewer',
      summary:
        'Create an API key for programmatic access; its secret is shown only in this answer. Needs the current ' +
        'password unless the caller signed in within the last 5 minutes',
      errors: ['CONFLICT', 'INVALID_PASSWORD', 'REAUTHENTICATION_REQUIRED'],
      rest: { method: 'POST', path: '/api-keys', successStatus: 201 },
    },
  }),
  list: defineOperation({
    type: 'query',
    input: undefined,
    output: ZListApiKeysResponse,
    meta: {
      access: 'session',
      summary: 'The caller’s API keys, newest first (never their secrets)',
      rest: { method: 'GET', path: '/api-keys' },
    },
  }),
  revoke: defineOperation({
    type: 'mutation',
    input: ZApiKeyIdRequest,
    output: ZMessageResponse,
    meta: {
      access: 'session',
      // The caller's own account: every role, a Viewer included.
      role: 'Viewer',
      summary: 'Revoke an API key; calls made with it fail from now on',
      errors: ['NOT_FOUND'],
      rest: { method: 'DELETE', path: '/api-keys/:key_id', envelope: 'message' },
    },
  }),
};
