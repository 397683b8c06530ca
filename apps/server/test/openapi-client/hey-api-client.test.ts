// The document through tools nobody here wrote: a second, independent client generator
// (@hey-api/openapi-ts) writes an SDK from the served document; a flow written against it compiles
// under the repo's strict settings and runs every REST operation through Prism, a proxy that
// validates each request and answer against the same document (`--errors`: any mismatch fails the
// call). Nothing may be out of contract, errors included.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@hey-api/openapi-ts';
import ts from 'typescript';
import { useTestServer } from '../support/test-server';

const fixture = join(import.meta.dirname, 'fixture');
const generated = join(fixture, 'hey-api-generated');
const prismBin = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'prism');

type Flow = (baseUrl: string, email: string) => Promise<{ statuses: Record<string, number>; violations: string[] }>;

function typeCheck(files: string[]): string[] {
  const configPath = join(import.meta.dirname, '..', '..', 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath));
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (diagnostic) =>
        ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n') + (diagnostic.file ? ` (${diagnostic.file.fileName})` : ''),
    );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Prism as a validating proxy in front of `upstream`; resolves once it listens. */
async function startPrism(documentFile: string, upstream: string): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(prismBin, ['proxy', documentFile, upstream, '--errors', '--port', String(port), '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Prism is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with ${code}:\n${output}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, process: child };
}

describe('a client from a second generator, through a validating proxy', () => {
  const server = useTestServer({ env: { RATE_LIMIT_REGISTER: '100/1h', TERMINALS_ENABLED: 'true' } });
  let prism: { url: string; process: ChildProcess } | undefined;
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'hey-api-'));
    const documentFile = join(workDir, 'openapi.json');
    await writeFile(documentFile, await (await fetch(`${server.url}/api/v5/openapi.json`)).text());
    await rm(generated, { recursive: true, force: true });
    await createClient({
      input: documentFile,
      output: generated,
      plugins: ['@hey-api/client-fetch', '@hey-api/sdk', '@hey-api/typescript'],
      logs: { level: 'silent' },
    });
    prism = await startPrism(documentFile, `${server.url}/api/v5`);
  }, 120_000);

  afterAll(async () => {
    prism?.process.kill('SIGTERM');
    await rm(workDir, { recursive: true, force: true });
  });

  it('compiles under the repository’s strict compiler settings', () => {
    expect(typeCheck([join(fixture, 'hey-api-flow.ts')])).toEqual([]);
  }, 60_000);

  it('runs every REST operation through Prism with no violation', async () => {
    const { runHeyApiFlow } = (await import(/* @vite-ignore */ join(fixture, 'hey-api-flow.ts'))) as { runHeyApiFlow: Flow };
    const { statuses, violations } = await runHeyApiFlow(prism!.url, `hey-${randomUUID()}@example.com`);
    expect(violations).toEqual([]);
    const called = new Set(Object.keys(statuses).map((name) => name.replace(/ \(.*\)$/, '')));
    const operations = [...new Set(server.app.routes.routes.map((route) => route.procedurePath))];
    expect(operations.filter((operation) => !called.has(operation))).toEqual([]);
    expect(statuses['sessions.get (missing)']).toBe(404);
    expect(statuses['users.me (signed out)']).toBe(401);
  }, 120_000);
});
