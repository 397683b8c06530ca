import type { TRPCRouterRecord } from '@trpc/server';
import { changePassword } from './change-password';
import { me } from './me';
import { updateMe } from './update-me';

export const usersRouter = { me, updateMe, changePassword } satisfies TRPCRouterRecord;
