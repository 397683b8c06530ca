// `pnpm --filter @coditect/server docs:permissions`: rewrites docs/permissions.md from the contract.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { apiContract } from '@coditect/api/contract';
import { permissionMatrixMarkdown } from './permission-matrix';

const target = fileURLToPath(new URL('../../../../docs/permissions.md', import.meta.url));
await writeFile(target, permissionMatrixMarkdown(apiContract));
process.stdout.write(`wrote ${target}\n`);
