import type { TRPCRouterRecord } from '@trpc/server';
import { devices, revokeDevice, revokeOtherDevices } from './devices';
import { login } from './login';
import { logout } from './logout';
import { refresh } from './refresh';
import { register } from './register';
import { streamTicket } from './stream-ticket';

export const authRouter = {
  register,
  login,
  logout,
  refresh,
  streamTicket,
  devices,
  revokeDevice,
  revokeOtherDevices,
} satisfies TRPCRouterRecord;
