// What a new task may do without asking, when its config does not say: the user's policy in the
// `llm` settings, overridden per session.
//   llm / agent.auto_approve                 → ["write", "execute"] (any of them)
//   llm / agent.allowed_commands             → ["npm test", "ls", …]
//   llm / agent.auto_approve.<session id>    → the same, for one session
//   llm / agent.allowed_commands.<session id>
// A value of the wrong shape is ignored (as if unset), so a bad setting never widens what runs.
import { z } from 'zod';
import { TASK_LIMITS } from '../../contract/tasks';
import type { ScopedTransaction } from '@coditect/store';
import { settingRepository } from '../settings/setting-repository';

const ZAutoApprove = z.array(z.enum(['write', 'execute'])).max(2);
const ZAllowedCommands = z.array(z.string().trim().min(1).max(TASK_LIMITS.commandPrefixChars)).max(TASK_LIMITS.allowedCommands);

export interface ApprovalPolicy {
  auto_approve: Array<'write' | 'execute'>;
  allowed_commands: string[];
}

async function setting<T>(
  tx: ScopedTransaction,
  userId: string,
  key: string,
  sessionId: string,
  schema: z.ZodType<T>,
): Promise<T | undefined> {
  for (const name of [`${key}.${sessionId}`, key]) {
    const parsed = schema.safeParse((await settingRepository.get(tx, userId, 'llm', name))?.value);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

export async function approvalPolicy(tx: ScopedTransaction, userId: string, sessionId: string): Promise<ApprovalPolicy> {
  return {
    auto_approve: [...new Set((await setting(tx, userId, 'agent.auto_approve', sessionId, ZAutoApprove)) ?? [])],
    allowed_commands: (await setting(tx, userId, 'agent.allowed_commands', sessionId, ZAllowedCommands)) ?? [],
  };
}
