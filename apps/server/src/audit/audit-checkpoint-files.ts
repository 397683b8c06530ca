// Audit checkpoints as files outside the store (AUDIT_CHECKPOINT_DIR): one small JSON file per
// tenant, replaced atomically (written aside, then renamed) and never by an older checkpoint.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditCheckpoint, AuditCheckpointStore } from '@coditect/api';

const TENANT_ID = /^[0-9a-f-]{36}$/;

export function auditCheckpointFiles(directory: string): AuditCheckpointStore {
  const fileOf = (tenantId: string) => {
    if (!TENANT_ID.test(tenantId)) throw new Error(`not a tenant id: ${tenantId}`);
    return join(directory, `${tenantId}.json`);
  };
  const read = async (tenantId: string): Promise<AuditCheckpoint | undefined> => {
    try {
      return JSON.parse(await readFile(fileOf(tenantId), 'utf8')) as AuditCheckpoint;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  };
  return {
    read,
    async write(checkpoint) {
      const kept = await read(checkpoint.tenant_id).catch(() => undefined);
      if (kept && kept.sequence > checkpoint.sequence) return;
      await mkdir(directory, { recursive: true, mode: 0o700 });
      const file = fileOf(checkpoint.tenant_id);
      const draft = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
      await writeFile(draft, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
      await rename(draft, file);
    },
  };
}
