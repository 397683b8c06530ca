import { z } from 'zod';
import { defineOperation } from './operation';
import { ZStreamedBody } from './byte-streams';
import { ZId, ZMessageResponse, ZTimestamp } from './common';
import { ZPassword, ZPersonName, ZRole } from './auth';

export const ZUserProfile = z
  .object({
    user_id: ZId,
    tenant_id: ZId,
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    full_name: z.string(),
    company: z.string().nullable(),
    role: ZRole,
    is_active: z.boolean(),
    email_verified: z.boolean(),
    /** How the account was made: `local` (a password) or the sign-in provider's id (`google`, `github`…). */
    provider: z.string(),
    last_login_at: ZTimestamp.nullable(),
    created_at: ZTimestamp,
    updated_at: ZTimestamp,
  })
  .meta({ id: 'UserProfile' });
export type TUserProfile = z.infer<typeof ZUserProfile>;

export const ZUpdateMeRequest = z
  .strictObject({ first_name: ZPersonName.optional(), last_name: ZPersonName.optional() })
  .refine((value) => value.first_name !== undefined || value.last_name !== undefined, {
    message: 'Provide first_name and/or last_name',
  })
  .meta({ anyOf: [{ required: ['first_name'] }, { required: ['last_name'] }] });
export type TUpdateMeRequest = z.infer<typeof ZUpdateMeRequest>;

export const ZUpdateMeResponse = z.object({
  user_id: ZId,
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  full_name: z.string(),
  updated_at: ZTimestamp,
});
export type TUpdateMeResponse = z.infer<typeof ZUpdateMeResponse>;

export const ZDeleteAccountRequest = z.strictObject({
  /** The account's email address, typed to confirm. */
  confirm: z.string().max(254),
  /** Required when the account has a password (an account made through a provider has none). */
  current_password: z.string().min(1).max(512).optional(),
});
export type TDeleteAccountRequest = z.infer<typeof ZDeleteAccountRequest>;

export const ZChangePasswordRequest = z.strictObject({
  current_password: z.string().min(1, 'Required').max(512),
  new_password: ZPassword,
  /** The user's API keys are revoked with the change unless this is true. */
  keep_api_keys: z.boolean().default(false),
});
export type TChangePasswordRequest = z.infer<typeof ZChangePasswordRequest>;

const ZBudgetUse = z.object({
  used: z.number().int().min(0),
  /** Tokens a day; null when unlimited. */
  budget: z.number().int().min(1).nullable(),
});

export const ZTokenUsageToday = z
  .object({
    /** The UTC day counted (budgets reset at its end). */
    day: z.iso.date(),
    resets_at: ZTimestamp,
    user: ZBudgetUse,
    tenant: ZBudgetUse,
  })
  .meta({ id: 'TokenUsageToday' });
export type TTokenUsageToday = z.infer<typeof ZTokenUsageToday>;

export const usersContract = {
  me: defineOperation({
    type: 'query',
    input: undefined,
    output: ZUserProfile,
    meta: { access: 'user', allowUnverified: true, summary: 'The caller’s profile', rest: { method: 'GET', path: '/users/me' } },
  }),
  usage: defineOperation({
    type: 'query',
    input: undefined,
    output: ZTokenUsageToday,
    meta: {
      allowUnverified: true,
      access: 'user',
      summary: 'Model tokens used today (chat and agent tasks) by the caller and their organisation, against the daily budgets',
      rest: { method: 'GET', path: '/users/me/usage' },
    },
  }),
  updateMe: defineOperation({
    type: 'mutation',
    input: ZUpdateMeRequest,
    output: ZUpdateMeResponse,
    meta: {
      allowUnverified: true,
      access: 'user',
      // The caller's own account: every role, a Viewer included.
      role: 'Viewer',
      summary: 'Change first_name / last_name (nothing else)',
      rest: { method: 'PUT', path: '/users/me' },
    },
  }),
  exportData: defineOperation({
    type: 'query',
    input: undefined,
    output: ZStreamedBody,
    meta: {
      access: 'session',
      acrossTenants: true,
      allowUnverified: true,
      role: 'Viewer',
      summary:
        'Everything of yours as one .zip, streamed: account.json (profile, memberships, linked providers) and, per tenant ' +
        'you belong to, your sessions with their files, your conversations with every message, your settings and API keys ' +
        '(never a secret). REST only',
      rest: {
        method: 'GET',
        path: '/users/me/export',
        streamed: {
          mediaTypes: ['application/zip'],
          description: 'A .zip sent as an attachment, made while it is sent',
        },
      },
    },
  }),
  deleteAccount: defineOperation({
    type: 'mutation',
    input: ZDeleteAccountRequest,
    output: ZMessageResponse,
    meta: {
      access: 'session',
      acrossTenants: true,
      allowUnverified: true,
      role: 'Viewer',
      summary:
        'Delete your account: your personal tenant with everything in it, your sessions, conversations, files and keys in ' +
        'every organisation, your memberships (an organisation only you belong to goes too), and the account. ' +
        "Organisations' audit trails keep naming you only by an id that no longer belongs to anyone. Type your email " +
        'as `confirm` (and give your password if the account has one). Refused while you are the last Admin of an ' +
        'organisation others belong to',
      errors: ['INVALID_PASSWORD', 'CONFLICT', 'MEMBERSHIP_ENDED'],
      // The trail that outlives the account must not carry its address.
      audit: { omitInput: ['confirm'] },
      rest: { method: 'POST', path: '/users/me/delete', envelope: 'message' },
    },
  }),
  changePassword: defineOperation({
    type: 'mutation',
    input: ZChangePasswordRequest,
    output: ZMessageResponse,
    meta: {
      allowUnverified: true,
      access: 'session',
      // The caller's own account: every role, a Viewer included.
      role: 'Viewer',
      summary: 'Change the password; ends every auth session of the user and revokes their API keys (unless keep_api_keys)',
      errors: ['INVALID_PASSWORD', 'CONFLICT'],
      // A wrong current password is a password guess: counted like a failed sign-in.
      rateLimit: 'login',
      auditEvent: 'password_change',
      rest: { method: 'PUT', path: '/users/me/password', envelope: 'message' },
    },
  }),
};
