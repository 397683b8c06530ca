import type { TRPCRouterRecord } from '@trpc/server';
import { changePassword } from './change-password';
import { deleteAccount } from './delete-account';
import { exportData } from './export-data';
import { me } from './me';
import { updateMe } from './update-me';
import { usage } from './usage';

export const usersRouter = { me, usage, updateMe, changePassword, exportData, deleteAccount } satisfies TRPCRouterRecord;
