import type { TRPCRouterRecord } from '@trpc/server';
import { login } from './login';
import { logout } from './logout';
import { refresh } from './refresh';
import { register } from './register';

export const authRouter = { register, login, logout, refresh } satisfies TRPCRouterRecord;
