// Model tokens spent per UTC day, by user and by tenant, against daily budgets (TOKEN_BUDGET_USER,
// TOKEN_BUDGET_TENANT). Chat turns and agent tasks check before they call the model and add what
// the provider reports (or the tokenizer counts) after. In the tenant's space:
//   ['token_usage', day, 'user', userId] → tokens
//   ['token_usage', day, 'tenant']       → tokens
// A turn that starts under the budget may end a little over it; the next one is refused.
import type { TTokenUsageToday } from '../../contract/users';
import { AppError } from '../../errors/app-error';
import type { TenantScope, TenantTransaction } from '../../storage/tenant-scope';

/** Tokens a day; 0 = unlimited. */
export interface TokenBudgets {
  userDaily: number;
  tenantDaily: number;
}

export function usageDay(now: Date): { day: string; resetsAt: string } {
  const day = now.toISOString().slice(0, 10);
  const next = new Date(`${day}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return { day, resetsAt: next.toISOString() };
}

const userKey = (day: string, userId: string) => ['token_usage', day, 'user', userId];
const tenantKey = (day: string) => ['token_usage', day, 'tenant'];

async function readUsage(tx: TenantTransaction, day: string, userId: string) {
  const [user, tenant] = await Promise.all([tx.get<number>(userKey(day, userId)), tx.get<number>(tenantKey(day))]);
  return { user: user ?? 0, tenant: tenant ?? 0 };
}

export async function usageToday(
  scope: TenantScope,
  budgets: TokenBudgets | undefined,
  userId: string,
  now: Date,
): Promise<TTokenUsageToday> {
  const { day, resetsAt } = usageDay(now);
  const used = await scope.transact((tx) => readUsage(tx, day, userId));
  return {
    day,
    resets_at: resetsAt,
    user: { used: used.user, budget: budgets?.userDaily || null },
    tenant: { used: used.tenant, budget: budgets?.tenantDaily || null },
  };
}

/** TOKEN_BUDGET_EXCEEDED when the user's or the tenant's tokens of today reached their budget. */
export async function assertWithinBudget(
  scope: TenantScope,
  budgets: TokenBudgets | undefined,
  userId: string,
  now: Date,
): Promise<void> {
  if (!budgets || (!budgets.userDaily && !budgets.tenantDaily)) return;
  const usage = await usageToday(scope, budgets, userId, now);
  for (const [who, use] of [
    ['your', usage.user],
    ['your organisation’s', usage.tenant],
  ] as const) {
    if (use.budget !== null && use.used >= use.budget) {
      throw new AppError(
        'TOKEN_BUDGET_EXCEEDED',
        `You have used ${who} model tokens for today (${use.used} of ${use.budget}); the budget renews at ${usage.resets_at}`,
        { scope: who === 'your' ? 'user' : 'tenant', used: use.used, budget: use.budget, resets_at: usage.resets_at },
      );
    }
  }
}

/** Adds tokens spent to today's counts of the user and the tenant. */
export async function recordTokens(scope: TenantScope, userId: string, now: Date, tokens: number): Promise<void> {
  if (!(tokens > 0)) return;
  const { day } = usageDay(now);
  await scope.transact(async (tx) => {
    const used = await readUsage(tx, day, userId);
    tx.set(userKey(day, userId), used.user + tokens);
    tx.set(tenantKey(day), used.tenant + tokens);
  });
}
