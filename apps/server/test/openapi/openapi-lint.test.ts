// The served document through an OpenAPI linter nobody here wrote: Spectral's `spectral:oas`
// ruleset (valid examples, operation ids, tags, servers, contact...) finds nothing, warnings included.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { getJson, useTestServer } from '../support/test-server';

const run = promisify(execFile);
const serverDir = join(import.meta.dirname, '..', '..');

interface Finding {
  code: string;
  message: string;
  path: string[];
  severity: number;
}

async function lint(document: unknown): Promise<Finding[]> {
  const dir = await mkdtemp(join(tmpdir(), 'spectral-'));
  try {
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(document));
    const spectral = join(serverDir, 'node_modules', '.bin', 'spectral');
    const args = ['lint', file, '--ruleset', join(serverDir, '.spectral.yaml'), '--format', 'json', '--quiet'];
    // Spectral exits 1 when it finds something; its findings are on stdout either way.
    const { stdout } = await run(spectral, args, { maxBuffer: 64 * 1024 * 1024 }).catch(
      (error: { stdout?: string; code?: number }) => {
        if (error.code === 1 && error.stdout) return { stdout: error.stdout };
        throw error;
      },
    );
    return stdout.trim() === '' ? [] : (JSON.parse(stdout) as Finding[]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the OpenAPI document under Spectral', () => {
  const server = useTestServer();

  it('has no finding of the spectral:oas ruleset', async () => {
    const { body } = await getJson(`${server.url}/api/v5/openapi.json`);
    const findings = await lint(body);
    expect(findings.map((finding) => `${finding.code} at ${finding.path.join('.')}: ${finding.message}`)).toEqual([]);
  }, 60_000);

  it('does find what is wrong (the linter is not a rubber stamp)', async () => {
    const { body } = await getJson(`${server.url}/api/v5/openapi.json`);
    const broken = structuredClone(body);
    delete broken.info.contact;
    const [path, item] = Object.entries(broken.paths as Record<string, Record<string, { operationId?: string }>>)[0]!;
    delete Object.values(item)[0]!.operationId;
    const codes = (await lint(broken)).map((finding) => finding.code);
    expect(codes, path).toEqual(expect.arrayContaining(['info-contact', 'operation-operationId']));
  }, 60_000);
});
