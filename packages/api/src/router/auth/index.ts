import type { TRPCRouterRecord } from '@trpc/server';
import { devices, revokeDevice, revokeOtherDevices } from './devices';
import { options, requestPasswordReset, resendVerification, resetPassword, verifyEmail } from './email-links';
import { login } from './login';
import { identities, oauthCallback, oauthLink, oauthLinkStart, oauthStart, unlinkIdentity } from './oauth';
import {
  disableTwoFactor,
  enableTwoFactor,
  regenerateRecoveryCodes,
  setupTwoFactor,
  twoFactor,
  verifyTwoFactor,
} from './two-factor';
import { logout } from './logout';
import { refresh } from './refresh';
import { register } from './register';
import { streamTicket } from './stream-ticket';
import { switchTenant } from './switch-tenant';

export const authRouter = {
  register,
  login,
  logout,
  refresh,
  streamTicket,
  switchTenant,
  devices,
  revokeDevice,
  revokeOtherDevices,
  options,
  verifyEmail,
  resendVerification,
  requestPasswordReset,
  resetPassword,
  verifyTwoFactor,
  twoFactor,
  setupTwoFactor,
  enableTwoFactor,
  disableTwoFactor,
  regenerateRecoveryCodes,
  oauthStart,
  oauthCallback,
  oauthLink,
  oauthLinkStart,
  identities,
  unlinkIdentity,
} satisfies TRPCRouterRecord;
