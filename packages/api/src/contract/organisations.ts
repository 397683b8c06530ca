// Tenants and their members: every user has a personal tenant (their own, where they are the
// Admin) and may belong to organisations with a role in each. A call acts in one tenant, the
// active one of its access token (auth.switchTenant changes it) or its API key's. Browser-safe.
import { z } from 'zod';
import { defineOperation } from './operation';
import { ZId, ZMessageResponse, ZTimestamp } from './common';
import { ZRole } from './roles';
import { ZLoginResponse } from './auth';
import { ZListApiKeysResponse } from './api-keys';

export const ORGANISATION_LIMITS = {
  nameChars: 80,
  /** Organisations one user may create. */
  createdPerUser: 20,
  /** Members one organisation may have. */
  members: 500,
} as const;

export const ZTenantKind = z.enum(['personal', 'organisation']);
export type TTenantKind = z.infer<typeof ZTenantKind>;

export const ZTenantSummary = z
  .object({
    tenant_id: ZId,
    /** The organisation's name; for the personal tenant, "Personal". */
    name: z.string(),
    kind: ZTenantKind,
    /** The caller's role there. */
    role: ZRole,
    /** The tenant this call acts in. */
    active: z.boolean(),
    /** An Admin turned the caller's access off: switching there is refused until it is turned on again. */
    disabled: z.boolean(),
  })
  .meta({ id: 'TenantSummary' });
export type TTenantSummary = z.infer<typeof ZTenantSummary>;

export const ZOrganisationName = z.string().trim().min(1, 'Required').max(ORGANISATION_LIMITS.nameChars);

export const ZCreateOrganisationRequest = z.strictObject({ name: ZOrganisationName });
export const ZRenameOrganisationRequest = z.strictObject({ name: ZOrganisationName });
/** The organisation's name, typed to confirm its deletion. */
export const ZDeleteOrganisationRequest = z.strictObject({ confirm: z.string().max(ORGANISATION_LIMITS.nameChars * 2) });

export const ZMemberStatus = z.enum(['active', 'disabled']);

export const ZMember = z
  .object({
    user_id: ZId,
    email: z.string(),
    full_name: z.string(),
    role: ZRole,
    status: ZMemberStatus,
    joined_at: ZTimestamp,
    /** The member's last sign-in or token refresh in this tenant (to within the access-token lifetime). */
    last_active_at: ZTimestamp.nullable(),
    /** This member is the caller. */
    you: z.boolean(),
  })
  .meta({ id: 'Member' });
export type TMember = z.infer<typeof ZMember>;

export const ZListMembersResponse = z.object({ members: z.array(ZMember), count: z.number().int().min(0) });

export const ZUpdateMemberRequest = z
  .strictObject({
    user_id: ZId,
    role: ZRole.optional(),
    /** true: the member's access to this tenant stops at their next request; false: it works again. */
    disabled: z.boolean().optional(),
  })
  .refine((value) => value.role !== undefined || value.disabled !== undefined, { message: 'Provide role and/or disabled' })
  .meta({ anyOf: [{ required: ['role'] }, { required: ['disabled'] }] });
export type TUpdateMemberRequest = z.infer<typeof ZUpdateMemberRequest>;

export const ZMemberIdRequest = z.strictObject({ user_id: ZId });
export const ZMemberKeyRequest = z.strictObject({ user_id: ZId, key_id: ZId });

export const tenantsContract = {
  list: defineOperation({
    type: 'query',
    input: undefined,
    output: z.array(ZTenantSummary),
    meta: {
      access: 'user',
      acrossTenants: true,
      allowUnverified: true,
      summary:
        'The tenants the caller belongs to — their personal one first, then organisations by name — with their role in each',
      rest: { method: 'GET', path: '/tenants' },
    },
  }),
  createOrganisation: defineOperation({
    type: 'mutation',
    input: ZCreateOrganisationRequest,
    output: ZTenantSummary,
    meta: {
      access: 'session',
      acrossTenants: true,
      role: 'Viewer',
      summary: 'Create an organisation with the caller as its Admin (auth.switchTenant then acts in it)',
      errors: ['CONFLICT'],
      rest: { method: 'POST', path: '/tenants', successStatus: 201 },
    },
  }),
  rename: defineOperation({
    type: 'mutation',
    input: ZRenameOrganisationRequest,
    output: ZTenantSummary,
    meta: {
      access: 'session',
      role: 'Admin',
      summary: 'Rename the organisation the call acts in (Admin)',
      errors: ['CONFLICT'],
      rest: { method: 'PATCH', path: '/tenants/current' },
    },
  }),
  leave: defineOperation({
    type: 'mutation',
    input: undefined,
    output: ZLoginResponse,
    meta: {
      access: 'session',
      role: 'Viewer',
      summary:
        'Leave the organisation the call acts in; answers a new token pair for the personal tenant. Its last Admin ' +
        'cannot leave (make another member Admin first)',
      errors: ['CONFLICT', 'NOT_FOUND'],
      rest: { method: 'POST', path: '/tenants/current/leave' },
    },
  }),
  delete: defineOperation({
    type: 'mutation',
    input: ZDeleteOrganisationRequest,
    output: ZLoginResponse,
    meta: {
      access: 'session',
      role: 'Admin',
      summary:
        'Delete the organisation the call acts in, with all its data: sessions and their files, conversations, tasks, ' +
        "terminals, settings, members' keys there, invitations. Needs its name typed as `confirm`; answers a token pair " +
        'for the personal tenant. Members are refused at their next request',
      errors: ['CONFLICT', 'NOT_FOUND'],
      rest: { method: 'POST', path: '/tenants/current/delete' },
    },
  }),
};

export const membersContract = {
  list: defineOperation({
    type: 'query',
    input: undefined,
    output: ZListMembersResponse,
    meta: {
      access: 'user',
      summary: 'The members of the tenant the call acts in, with their role, status and last activity',
      rest: { method: 'GET', path: '/members' },
    },
  }),
  update: defineOperation({
    type: 'mutation',
    input: ZUpdateMemberRequest,
    output: ZMember,
    meta: {
      access: 'session',
      role: 'Manager',
      summary:
        "Change a member's role, or disable or re-enable their access; applies at their next request. A Manager " +
        'manages members below Admin and grants roles up to Manager; nobody changes their own',
      errors: ['NOT_FOUND', 'CONFLICT'],
      rest: { method: 'PATCH', path: '/members/:user_id' },
    },
  }),
  remove: defineOperation({
    type: 'mutation',
    input: ZMemberIdRequest,
    output: ZMessageResponse,
    meta: {
      access: 'session',
      role: 'Manager',
      summary:
        "Remove a member: their access ends at their next request and their API keys here are revoked (what they made stays the organisation's)",
      errors: ['NOT_FOUND', 'CONFLICT'],
      rest: { method: 'DELETE', path: '/members/:user_id', envelope: 'message' },
    },
  }),
  apiKeys: defineOperation({
    type: 'query',
    input: ZMemberIdRequest,
    output: ZListApiKeysResponse,
    meta: {
      access: 'user',
      role: 'Admin',
      summary: "A member's API keys in this tenant (names, scopes, prefixes, last use — never the secrets)",
      errors: ['NOT_FOUND'],
      rest: { method: 'GET', path: '/members/:user_id/api-keys' },
    },
  }),
  revokeApiKey: defineOperation({
    type: 'mutation',
    input: ZMemberKeyRequest,
    output: ZMessageResponse,
    meta: {
      access: 'session',
      role: 'Admin',
      summary: "Revoke a member's API key: its next request gets 401",
      errors: ['NOT_FOUND'],
      rest: { method: 'DELETE', path: '/members/:user_id/api-keys/:key_id', envelope: 'message' },
    },
  }),
};

export const INVITATION_LIMITS = {
  /** How long an invitation link works. */
  ttlDays: 7,
  /** Pending invitations one organisation may have. */
  pending: 100,
} as const;

export const ZInvitation = z
  .object({
    invitation_id: ZId,
    email: z.string(),
    role: ZRole,
    invited_by: z.string(),
    created_at: ZTimestamp,
    expires_at: ZTimestamp,
  })
  .meta({ id: 'Invitation' });
export type TInvitation = z.infer<typeof ZInvitation>;

export const ZCreateInvitationRequest = z.strictObject({
  email: z.email().trim().max(254),
  role: ZRole.default('Developer'),
});
export type TCreateInvitationRequest = z.infer<typeof ZCreateInvitationRequest>;

export const ZListInvitationsResponse = z.object({ invitations: z.array(ZInvitation), count: z.number().int().min(0) });

export const ZInvitationIdRequest = z.strictObject({ invitation_id: ZId });

/** An invitation link's token (from its `?token=`). */
export const ZInvitationTokenRequest = z.strictObject({ token: z.string().min(1, 'Required').max(200) });

export const ZInvitationPreview = z
  .object({
    organisation_name: z.string(),
    invited_by: z.string(),
    email: z.string(),
    role: ZRole,
    expires_at: ZTimestamp,
    /** An account with the invited address exists: sign in to accept; otherwise sign up first. */
    account_exists: z.boolean(),
  })
  .meta({ id: 'InvitationPreview' });
export type TInvitationPreview = z.infer<typeof ZInvitationPreview>;

export const ZOutboxMail = z
  .object({ to: z.string(), subject: z.string(), text: z.string(), sent_at: ZTimestamp })
  .meta({ id: 'OutboxMail' });

export const ZOutboxResponse = z.object({
  /** Always false: these mails were not sent (the server has no SMTP_URL, in development). */
  delivered: z.literal(false),
  mails: z.array(ZOutboxMail),
});

export const invitationsContract = {
  create: defineOperation({
    type: 'mutation',
    input: ZCreateInvitationRequest,
    output: ZInvitation,
    meta: {
      access: 'session',
      role: 'Manager',
      summary:
        'Invite someone by email to the organisation the call acts in: they get a link that works once, for 7 days. ' +
        'A Manager invites up to Manager; inviting an address again replaces its pending invitation',
      errors: ['CONFLICT'],
      rateLimit: 'mail',
      rest: { method: 'POST', path: '/invitations', successStatus: 201 },
    },
  }),
  list: defineOperation({
    type: 'query',
    input: undefined,
    output: ZListInvitationsResponse,
    meta: {
      access: 'user',
      role: 'Manager',
      summary: "The organisation's pending invitations, newest first",
      rest: { method: 'GET', path: '/invitations' },
    },
  }),
  revoke: defineOperation({
    type: 'mutation',
    input: ZInvitationIdRequest,
    output: ZMessageResponse,
    meta: {
      access: 'session',
      role: 'Manager',
      summary: 'Withdraw a pending invitation: its link stops working',
      errors: ['NOT_FOUND'],
      rest: { method: 'DELETE', path: '/invitations/:invitation_id', envelope: 'message' },
    },
  }),
  preview: defineOperation({
    type: 'mutation',
    input: ZInvitationTokenRequest,
    output: ZInvitationPreview,
    meta: {
      access: 'public',
      summary:
        'What an invitation link offers (organisation, role, inviter, address) before it is accepted. POST so that the ' +
        'token stays out of URLs and logs',
      errors: ['INVALID_TOKEN'],
      rateLimit: 'oauth',
      rest: { method: 'POST', path: '/invitations/preview' },
    },
  }),
  outbox: defineOperation({
    type: 'query',
    input: undefined,
    output: ZOutboxResponse,
    meta: {
      access: 'user',
      role: 'Admin',
      summary:
        'In development without SMTP_URL: the invitation mails this organisation sent that went nowhere, newest first, ' +
        'so their links can be followed (404 where mails are delivered, or in production)',
      errors: ['NOT_FOUND'],
      rest: { method: 'GET', path: '/invitations/outbox' },
    },
  }),
  accept: defineOperation({
    type: 'mutation',
    input: ZInvitationTokenRequest,
    output: ZLoginResponse,
    meta: {
      access: 'session',
      acrossTenants: true,
      allowUnverified: true,
      role: 'Viewer',
      summary:
        'Accept an invitation as the signed-in user whose address it was sent to: joins the organisation with its role ' +
        'and answers a token pair acting there (a member it disabled stays disabled: MEMBERSHIP_ENDED). The link works once',
      errors: ['INVALID_TOKEN', 'CONFLICT', 'MEMBERSHIP_ENDED', 'NOT_FOUND'],
      rest: { method: 'POST', path: '/invitations/accept' },
    },
  }),
};
