// Which calls go without a token, read from the contract's meta (`access: 'public'`).
import { apiContract, type ProcedureMeta } from '@coditect/api/contract';

const operations: Record<string, Record<string, { meta: ProcedureMeta }>> = apiContract;

/** `auth.login` → true. Paths the contract does not list (newer procedures) count as protected. */
export function isPublicOperation(path: string): boolean {
  const [domain = '', name = ''] = path.split('.');
  return operations[domain]?.[name]?.meta.access === 'public';
}

/**
 * Whether a cached query is a public operation's answer (tRPC keys start with the path as an
 * array: `[['auth', 'options'], {...}]`) — the same for every user, so it survives a sign-out.
 */
export function isPublicQueryKey(queryKey: readonly unknown[]): boolean {
  const path = queryKey[0];
  return Array.isArray(path) && path.every((part) => typeof part === 'string') && isPublicOperation(path.join('.'));
}
