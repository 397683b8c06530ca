// docs/permissions.md: every operation × role, rendered from the contract's permission rule
// (contract/permissions.ts) so the written matrix is the enforced one. A test keeps the file current.
import { listOperations, roleMayCall, ROLES_BY_RANK, type ContractTree } from '@coditect/api/contract';

const HEADER = `# Permissions

Generated from the contract (\`packages/api/src/contract/permissions.ts\`); \`pnpm --filter @coditect/server docs:permissions\`
rewrites it, and a test fails while it is out of date. A member's role in the tenant is read from
their account at every request (a change applies at the next one); a call below the operation's
least role is answered \`403 FORBIDDEN\` before its input is read. Reads are for every role,
changes and streams for Developers and up, own-account operations (profile, password, settings, API
keys, sign-out) for everyone, \`admin\` operations for Admins. Public operations (sign-up, sign-in,
refresh, health) take no role.
`;

export function permissionMatrixMarkdown(contract: ContractTree): string {
  const rows = listOperations(contract)
    .filter(({ operation }) => operation.meta.access !== 'public')
    .map(({ path, operation }) => {
      const rest = operation.meta.rest ? `\`${operation.meta.rest.method} ${operation.meta.rest.path}\`` : 'tRPC only';
      const cells = ROLES_BY_RANK.map((role) => (roleMayCall(role, operation) ? 'yes' : '—'));
      return `| \`${path}\` | ${rest} | ${cells.join(' | ')} |`;
    });
  return [
    HEADER,
    `| operation | REST | ${ROLES_BY_RANK.join(' | ')} |`,
    `| --- | --- | ${ROLES_BY_RANK.map(() => ':---:').join(' | ')} |`,
    ...rows,
    '',
  ].join('\n');
}
