import { z } from 'zod';
import { defineOperation } from './operation';
import { ZId, ZMessageResponse, ZTimestamp } from './common';

import { ZRole } from './roles';

export { ROLES, ZRole, type TRole } from './roles';

export const PASSWORD_MIN_CHARS = 8;
export const PASSWORD_MAX_CHARS = 128;

/** Length in user-perceived code points after NFC normalisation (what the server stores hashes of). */
export function passwordLength(password: string): number {
  return [...password.normalize('NFC')].length;
}

export const ZPassword = z
  .string()
  .max(PASSWORD_MAX_CHARS * 4)
  .refine((value) => passwordLength(value) >= PASSWORD_MIN_CHARS, {
    message: `Password must be at least ${PASSWORD_MIN_CHARS} characters`,
  })
  .refine((value) => passwordLength(value) <= PASSWORD_MAX_CHARS, {
    message: `Password must be at most ${PASSWORD_MAX_CHARS} characters`,
  })
  // What the refinements enforce, for the published schema (JSON Schema counts code points too).
  .meta({ minLength: PASSWORD_MIN_CHARS, maxLength: PASSWORD_MAX_CHARS });

export const ZEmail = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'Enter a valid email address' }))
  .meta({ format: 'email', maxLength: 254 });
export const ZPersonName = z.string().trim().min(1, 'Required').max(100);

export const ZTokenPair = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    expires_at: ZTimestamp,
    refresh_expires_at: ZTimestamp,
  })
  .meta({ id: 'TokenPair' });
export type TTokenPair = z.infer<typeof ZTokenPair>;

export const ZStreamTicket = z.object({
  ticket: z.string(),
  /** Seconds until the ticket can no longer be redeemed. */
  expires_in: z.number().int().positive(),
});
export type TStreamTicket = z.infer<typeof ZStreamTicket>;

export const ZRegisterRequest = z.strictObject({
  email: ZEmail,
  password: ZPassword,
  first_name: ZPersonName,
  last_name: ZPersonName,
  company: z.string().trim().max(200).optional(),
});
export type TRegisterRequest = z.infer<typeof ZRegisterRequest>;

export const ZRegisterResponse = z.object({
  user: z.object({
    user_id: ZId,
    tenant_id: ZId,
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    role: ZRole,
    created_at: ZTimestamp,
  }),
  tokens: ZTokenPair,
});
export type TRegisterResponse = z.infer<typeof ZRegisterResponse>;

/** A password being checked rather than set (sign-in, a proof of the current one): no strength rules. */
export const ZPresentedPassword = z
  .string()
  .min(1, 'Required')
  .max(PASSWORD_MAX_CHARS * 4);

export const ZLoginRequest = z.strictObject({
  email: z.string().trim().min(1, 'Required').max(254),
  password: ZPresentedPassword,
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZLoginResponse = z.object({
  user: z.object({
    user_id: ZId,
    tenant_id: ZId,
    email: z.string(),
    full_name: z.string(),
    role: ZRole,
  }),
  tokens: ZTokenPair,
});
export type TLoginResponse = z.infer<typeof ZLoginResponse>;

export const ZSwitchTenantRequest = z.strictObject({ tenant_id: ZId });

export const ZRefreshRequest = z.strictObject({ refresh_token: z.string().min(1).max(4096) });
export type TRefreshRequest = z.infer<typeof ZRefreshRequest>;

/** One of the user's signed-in sessions (an auth session: a token family), as the user sees it. */
export const ZDevice = z
  .object({
    device_id: ZId,
    /** The session this request is made with. */
    current: z.boolean(),
    /** e.g. "Chrome on Linux", read from the user agent. */
    label: z.string(),
    user_agent: z.string().nullable(),
    ip: z.string(),
    signed_in_at: ZTimestamp,
    /** The last token refresh (access tokens last minutes, so a session in use refreshes often). */
    last_used_at: ZTimestamp,
    /** When it ends unless used again (and at the latest at the session's maximum age). */
    expires_at: ZTimestamp,
  })
  .meta({ id: 'Device' });
export type TDevice = z.infer<typeof ZDevice>;
/** A single-use link's token (email verification, password reset), as the mail carried it. */
export const ZEmailLinkToken = z.string().trim().min(1, 'Required').max(256);
export const ZVerifyEmailRequest = z.strictObject({ token: ZEmailLinkToken });
export const ZVerifiedEmail = z.object({ message: z.string(), email: z.string(), email_verified: z.literal(true) });
export const ZPasswordResetRequest = z.strictObject({ email: z.string().trim().min(1, 'Required').max(254) });
export const ZResetPasswordRequest = z.strictObject({ token: ZEmailLinkToken, password: ZPassword });
export type TResetPasswordRequest = z.infer<typeof ZResetPasswordRequest>;

/** What the sign-in screens may offer on this server. */
export const ZSignInOptions = z
  .object({
    /** Mails reach their recipients (SMTP is configured): verification links and password resets work. */
    mail: z.boolean(),
    /** `required`: an unverified account may use only its own account (403 EMAIL_NOT_VERIFIED elsewhere). */
    email_verification: z.enum(['optional', 'required']),
    /** Other identity providers one may sign in with (Google, GitHub, OpenID Connect issuers), in order. */
    providers: z.array(z.object({ id: z.string(), name: z.string() })),
  })
  .meta({ id: 'SignInOptions' });
export type TSignInOptions = z.infer<typeof ZSignInOptions>;

export const ZTwoFactorStatus = z
  .object({
    enabled: z.boolean(),
    enabled_at: ZTimestamp.nullable(),
    /** Unused recovery codes (each signs in once when the authenticator app is not at hand). */
    recovery_codes_left: z.number().int().min(0),
  })
  .meta({ id: 'TwoFactorStatus' });
export type TTwoFactorStatus = z.infer<typeof ZTwoFactorStatus>;
export const ZCurrentPassword = z.strictObject({
  password: ZPresentedPassword,
});
export const ZTwoFactorSetup = z.object({
  /** The seed in base32, for apps that cannot scan the QR code. */
  secret: z.string(),
  /** `otpauth://totp/...`: what the QR code carries. */
  otpauth_url: z.string(),
  /** The setup waits this long for its first code. */
  expires_at: ZTimestamp,
});
export type TTwoFactorSetup = z.infer<typeof ZTwoFactorSetup>;
/** A code from the authenticator app (6 digits) or a recovery code (`xxxxx-xxxxx`). */
export const ZTwoFactorCode = z.string().trim().min(1, 'Required').max(32);
export const ZEnableTwoFactorRequest = z.strictObject({ code: ZTwoFactorCode });
export const ZRecoveryCodes = z.object({
  /** Shown once: each signs in once in place of a code. Only their hashes are kept. */
  recovery_codes: z.array(z.string()),
});
export const ZVerifyTwoFactorRequest = z.strictObject({
  /** `details.challenge` of the sign-in's 401 TWO_FACTOR_REQUIRED. */
  challenge: z.string().trim().min(1, 'Required').max(256),
  code: ZTwoFactorCode,
});

export const ZProviderId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'A provider id: lower-case letters, digits and dashes');
export const ZOAuthStartRequest = z.strictObject({ provider: ZProviderId });
export const ZOAuthStart = z.object({
  /** Where to send the browser. */
  authorization_url: z.string(),
  /** Kept by the browser that started (e.g. sessionStorage) and sent back with the callback. */
  flow: z.string(),
});
export const ZOAuthCallbackRequest = z.strictObject({
  /** The whole URL the provider sent the browser back to (PUBLIC_URL/sign-in/callback?code=…&state=…). */
  callback_url: z.string().min(1).max(8192),
  flow: z.string().min(1).max(256),
});
/** What a provider's sign-in came to: signed in, a second factor to give, or an account to prove first. */
export const ZOAuthOutcome = z
  .discriminatedUnion('status', [
    ZLoginResponse.extend({ status: z.literal('signed_in') }),
    z.object({
      status: z.literal('two_factor_required'),
      /** For auth.verifyTwoFactor. */
      challenge: z.string(),
      expires_in: z.number().int().positive(),
    }),
    z.object({
      status: z.literal('link_required'),
      /** An account already uses this verified email: its password links the provider (auth.oauthLink). */
      link_token: z.string(),
      email: z.string(),
      provider: z.string(),
      provider_name: z.string(),
      expires_in: z.number().int().positive(),
    }),
    /** A flow started by auth.oauthLinkStart: the provider is linked to the signed-in account. */
    z.object({ status: z.literal('linked'), provider: z.string(), provider_name: z.string() }),
  ])
  .meta({ id: 'OAuthOutcome' });
export type TOAuthOutcome = z.infer<typeof ZOAuthOutcome>;
export const ZOAuthLinkRequest = z.strictObject({
  link_token: z.string().min(1).max(256),
  password: ZPresentedPassword,
});
export const ZLinkedIdentity = z.object({
  provider: z.string(),
  provider_name: z.string(),
  email: z.string().nullable(),
  linked_at: ZTimestamp,
});
export const ZLinkedIdentities = z.object({
  identities: z.array(ZLinkedIdentity),
  /** Whether the account has a password (else its providers are its only ways in). */
  has_password: z.boolean(),
});
export const ZUnlinkIdentityRequest = z.strictObject({ provider: ZProviderId });

export const ZDeviceList = z.object({ devices: z.array(ZDevice) });
export const ZDeviceRequest = z.strictObject({ device_id: ZId });
export const ZRevokedDevices = z.object({ revoked: z.number().int().min(0) });

export const authContract = {
  register: defineOperation({
    type: 'mutation',
    input: ZRegisterRequest,
    output: ZRegisterResponse,
    meta: {
      access: 'public',
      summary: 'Create a user and its own tenant; returns the user and a token pair',
      errors: ['EMAIL_TAKEN', 'RATE_LIMIT_EXCEEDED'],
      rateLimit: 'register',
      auditEvent: 'register',
      rest: { method: 'POST', path: '/auth/register', successStatus: 201 },
    },
  }),
  login: defineOperation({
    type: 'mutation',
    input: ZLoginRequest,
    output: ZLoginResponse,
    meta: {
      access: 'public',
      summary: 'Authenticate and start an auth session',
      errors: ['INVALID_CREDENTIALS', 'ACCOUNT_DISABLED', 'TWO_FACTOR_REQUIRED', 'RATE_LIMIT_EXCEEDED'],
      rateLimit: 'login',
      auditEvent: 'login',
      rest: { method: 'POST', path: '/auth/login' },
    },
  }),
  logout: defineOperation({
    type: 'mutation',
    input: undefined,
    output: ZMessageResponse,
    meta: {
      allowUnverified: true,
      access: 'session',
      // The caller's own account: every role, a Viewer included.
      role: 'Viewer',
      summary: 'End the current auth session (its access and refresh tokens stop working)',
      auditEvent: 'logout',
      rest: { method: 'POST', path: '/auth/logout', envelope: 'message' },
    },
  }),
  switchTenant: defineOperation({
    type: 'mutation',
    input: ZSwitchTenantRequest,
    output: ZLoginResponse,
    meta: {
      access: 'session',
      acrossTenants: true,
      allowUnverified: true,
      role: 'Viewer',
      summary:
        'Act in another tenant the caller belongs to (GET /tenants lists them): answers a new token pair for it, in the ' +
        'same session (the previous refresh token is retired). The next sign-in lands there too',
      errors: ['NOT_FOUND', 'MEMBERSHIP_ENDED'],
      rest: { method: 'POST', path: '/auth/switch-tenant' },
    },
  }),
  streamTicket: defineOperation({
    type: 'mutation',
    input: undefined,
    output: ZStreamTicket,
    meta: {
      access: 'session',
      // The caller's own account: every role, a Viewer included.
      role: 'Viewer',
      summary:
        'A single-use ticket, valid for a minute, that opens one subscription (SSE) as connectionParams.ticket — ' +
        'so no access token travels in a URL',
      rest: { method: 'POST', path: '/auth/stream-ticket', successStatus: 201 },
    },
  }),
  refresh: defineOperation({
    type: 'mutation',
    input: ZRefreshRequest,
    output: ZTokenPair,
    meta: {
      access: 'public',
      summary: 'Rotate the token pair; a retired refresh token revokes its whole session',
      errors: ['UNAUTHORIZED', 'TOKEN_EXPIRED', 'TOKEN_REUSED'],
      rateLimit: 'refresh',
      auditEvent: 'refresh',
      rest: { method: 'POST', path: '/auth/refresh' },
    },
  }),
  devices: defineOperation({
    type: 'query',
    input: undefined,
    output: ZDeviceList,
    meta: {
      allowUnverified: true,
      access: 'session',
      // The caller's own account: every role, a Viewer included.
      role: 'Viewer',
      summary: 'The caller’s signed-in sessions (device, address, sign-in and last use), the current one first',
      rest: { method: 'GET', path: '/auth/devices' },
    },
  }),
  revokeDevice: defineOperation({
    type: 'mutation',
    input: ZDeviceRequest,
    output: ZMessageResponse,
    meta: {
      allowUnverified: true,
      access: 'session',
      role: 'Viewer',
      summary: 'Sign a device out: its tokens stop working at its next request (the current one signs out too)',
      errors: ['NOT_FOUND'],
      rest: { method: 'DELETE', path: '/auth/devices/:device_id', envelope: 'message' },
    },
  }),
  revokeOtherDevices: defineOperation({
    type: 'mutation',
    input: undefined,
    output: ZRevokedDevices,
    meta: {
      allowUnverified: true,
      access: 'session',
      role: 'Viewer',
      summary: 'Sign out every other device; the current session stays',
      rest: { method: 'POST', path: '/auth/devices/revoke-others' },
    },
  }),
  options: defineOperation({
    type: 'query',
    input: undefined,
    output: ZSignInOptions,
    meta: {
      access: 'public',
      summary: 'What the sign-in screens may offer here: mailed links (verification, password reset) and the verification policy',
      rest: { method: 'GET', path: '/auth/options' },
    },
  }),
  verifyEmail: defineOperation({
    type: 'mutation',
    input: ZVerifyEmailRequest,
    output: ZVerifiedEmail,
    meta: {
      access: 'public',
      summary: 'Confirm an email address with the token of the link mailed at sign-up (single use)',
      errors: ['INVALID_TOKEN'],
      rest: { method: 'POST', path: '/auth/verify-email' },
    },
  }),
  resendVerification: defineOperation({
    type: 'mutation',
    input: undefined,
    output: ZMessageResponse,
    meta: {
      access: 'session',
      role: 'Viewer',
      allowUnverified: true,
      summary: 'Mail the caller a new verification link (the older one stops working)',
      errors: ['CONFLICT'],
      rateLimit: 'mail',
      rest: { method: 'POST', path: '/auth/verify-email/resend', successStatus: 202, envelope: 'message' },
    },
  }),
  requestPasswordReset: defineOperation({
    type: 'mutation',
    input: ZPasswordResetRequest,
    output: ZMessageResponse,
    meta: {
      access: 'public',
      summary: 'Mail a password-reset link to the address if it has an account; the answer is the same either way',
      rateLimit: 'mail',
      rest: { method: 'POST', path: '/auth/password-reset', successStatus: 202, envelope: 'message' },
    },
  }),
  resetPassword: defineOperation({
    type: 'mutation',
    input: ZResetPasswordRequest,
    output: ZMessageResponse,
    meta: {
      access: 'public',
      summary: 'Set a new password with a reset link’s token (single use, short-lived); every session of the account ends',
      errors: ['INVALID_TOKEN'],
      auditEvent: 'password_reset',
      rest: { method: 'POST', path: '/auth/password-reset/confirm', envelope: 'message' },
    },
  }),
  verifyTwoFactor: defineOperation({
    type: 'mutation',
    input: ZVerifyTwoFactorRequest,
    output: ZLoginResponse,
    meta: {
      access: 'public',
      summary:
        'Finish a sign-in that answered 401 TWO_FACTOR_REQUIRED: its challenge and a code from the authenticator app ' +
        '(or a recovery code). Wrong codes count as failed sign-ins; a challenge lasts 5 minutes and 5 tries',
      errors: ['INVALID_TOKEN', 'INVALID_TWO_FACTOR_CODE', 'ACCOUNT_DISABLED', 'RATE_LIMIT_EXCEEDED'],
      auditEvent: 'login',
      rest: { method: 'POST', path: '/auth/two-factor/verify' },
    },
  }),
  twoFactor: defineOperation({
    type: 'query',
    input: undefined,
    output: ZTwoFactorStatus,
    meta: {
      access: 'session',
      role: 'Viewer',
      allowUnverified: true,
      summary: 'Whether the caller’s sign-ins ask for a code, since when, and how many recovery codes are left',
      rest: { method: 'GET', path: '/auth/two-factor' },
    },
  }),
  setupTwoFactor: defineOperation({
    type: 'mutation',
    input: ZCurrentPassword,
    output: ZTwoFactorSetup,
    meta: {
      access: 'session',
      role: 'Viewer',
      allowUnverified: true,
      summary: 'Start setting up an authenticator app (needs the password): a new seed and its otpauth:// URL for the QR code',
      errors: ['INVALID_PASSWORD', 'CONFLICT'],
      rateLimit: 'login',
      audit: { outputDetails: ['expires_at'] },
      rest: { method: 'POST', path: '/auth/two-factor/setup' },
    },
  }),
  enableTwoFactor: defineOperation({
    type: 'mutation',
    input: ZEnableTwoFactorRequest,
    output: ZRecoveryCodes,
    meta: {
      access: 'session',
      role: 'Viewer',
      allowUnverified: true,
      summary: 'Turn two-factor on with the app’s first code; answers the recovery codes, shown only here',
      errors: ['INVALID_TWO_FACTOR_CODE', 'CONFLICT'],
      rateLimit: 'login',
      rest: { method: 'POST', path: '/auth/two-factor/enable' },
    },
  }),
  disableTwoFactor: defineOperation({
    type: 'mutation',
    input: ZCurrentPassword,
    output: ZMessageResponse,
    meta: {
      access: 'session',
      role: 'Viewer',
      allowUnverified: true,
      summary: 'Turn two-factor off (needs the password); the recovery codes stop working',
      errors: ['INVALID_PASSWORD', 'CONFLICT'],
      rateLimit: 'login',
      rest: { method: 'POST', path: '/auth/two-factor/disable', envelope: 'message' },
    },
  }),
  regenerateRecoveryCodes: defineOperation({
    type: 'mutation',
    input: ZCurrentPassword,
    output: ZRecoveryCodes,
    meta: {
      access: 'session',
      role: 'Viewer',
      allowUnverified: true,
      summary: 'New recovery codes (needs the password); the previous ones stop working',
      errors: ['INVALID_PASSWORD', 'CONFLICT'],
      rateLimit: 'login',
      rest: { method: 'POST', path: '/auth/two-factor/recovery-codes' },
    },
  }),
  oauthStart: defineOperation({
    type: 'mutation',
    input: ZOAuthStartRequest,
    output: ZOAuthStart,
    meta: {
      access: 'public',
      summary:
        'Start signing in with another provider (auth.options lists them): the URL to send the browser to, ' +
        'and a flow secret the browser keeps for the callback. Authorization code with PKCE, state and nonce',
      errors: ['NOT_FOUND', 'OAUTH_FAILED'],
      rateLimit: 'oauth',
      rest: { method: 'POST', path: '/auth/oauth/start' },
    },
  }),
  oauthCallback: defineOperation({
    type: 'mutation',
    input: ZOAuthCallbackRequest,
    output: ZOAuthOutcome,
    meta: {
      access: 'public',
      summary:
        'Finish a provider sign-in from its callback URL: a known identity signs in; a new one with a verified email ' +
        'creates an account; one whose email an account already uses must prove that account first (link_required)',
      errors: ['INVALID_TOKEN', 'OAUTH_FAILED', 'EMAIL_NOT_VERIFIED', 'ACCOUNT_DISABLED', 'NOT_FOUND', 'CONFLICT'],
      rateLimit: 'oauth',
      auditEvent: 'login',
      rest: { method: 'POST', path: '/auth/oauth/callback' },
    },
  }),
  oauthLink: defineOperation({
    type: 'mutation',
    input: ZOAuthLinkRequest,
    output: ZOAuthOutcome,
    meta: {
      access: 'public',
      summary:
        'Link a provider to the account that already uses its email, with that account’s password, and sign in. ' +
        'Wrong passwords count as failed sign-ins',
      errors: ['INVALID_TOKEN', 'INVALID_CREDENTIALS', 'ACCOUNT_DISABLED', 'RATE_LIMIT_EXCEEDED'],
      auditEvent: 'login',
      rest: { method: 'POST', path: '/auth/oauth/link' },
    },
  }),
  oauthLinkStart: defineOperation({
    type: 'mutation',
    input: ZOAuthStartRequest,
    output: ZOAuthStart,
    meta: {
      access: 'session',
      role: 'Viewer',
      allowUnverified: true,
      summary:
        'Start linking another provider to the caller’s account (whatever its email): like auth.oauthStart; its ' +
        'callback answers `linked`',
      errors: ['NOT_FOUND', 'OAUTH_FAILED'],
      rateLimit: 'oauth',
      rest: { method: 'POST', path: '/auth/identities/link' },
    },
  }),
  identities: defineOperation({
    type: 'query',
    input: undefined,
    output: ZLinkedIdentities,
    meta: {
      access: 'session',
      role: 'Viewer',
      allowUnverified: true,
      summary: 'The providers linked to the caller’s account, and whether it has a password',
      rest: { method: 'GET', path: '/auth/identities' },
    },
  }),
  unlinkIdentity: defineOperation({
    type: 'mutation',
    input: ZUnlinkIdentityRequest,
    output: ZMessageResponse,
    meta: {
      access: 'session',
      role: 'Viewer',
      allowUnverified: true,
      summary: 'Unlink a provider; refused when it is the account’s last way in (no password, no other provider)',
      errors: ['NOT_FOUND', 'CONFLICT'],
      rest: { method: 'DELETE', path: '/auth/identities/:provider', envelope: 'message' },
    },
  }),
};
