// Start-up and shutdown of the real entry point (main.ts) as a child process, plus draining.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { probeContract, probeEvents, probeRouter } from './support/probe-router';
import { testServer, TEST_JWT_SECRET } from './support/test-server';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
// Absolute, so the entry point also runs from another working directory.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const mainScript = join(serverDir, 'src', 'main.ts');

function runMain(env: Record<string, string>, cwd = serverDir) {
  const child = spawn(process.execPath, ['--import', tsxLoader, mainScript], {
    cwd,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('server process', () => {
  it('stops at start-up with one line naming a bad variable', async () => {
    const run = runMain({ PORT: 'abc' });
    expect(await run.exited).toBe(1);
    const { stderr, stdout } = run.output();
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^Invalid configuration: PORT /);
  });

  it('stops at start-up with one line naming a stored development secret that is too short', async () => {
    for (const workers of ['1', '2']) {
      let run: ReturnType<typeof runMain> | undefined;
      const dataDir = await mkdtemp(join(tmpdir(), 'coditect-main-'));
      try {
        await writeFile(join(dataDir, 'jwt-secret'), 'too short\n');
        run = runMain({
          DATA_DIR: dataDir,
          WORKERS: workers,
          TERMINALS_ENABLED: 'false',
          LOG_LEVEL: 'silent',
          PORT: '0',
          HOST: '127.0.0.1',
        });
        const code = await Promise.race([run.exited, new Promise((resolve) => setTimeout(resolve, 15_000, 'still running'))]);
        expect(code, `WORKERS=${workers}`).toBe(1);
        const { stderr } = run.output();
        expect(stderr.trim().split('\n')).toHaveLength(1);
        expect(stderr).toMatch(
          /^Invalid configuration: the development JWT secret in .+jwt-secret must be at least 32 bytes long/,
        );
        expect(stderr).toContain(join(dataDir, 'jwt-secret'));
      } finally {
        run?.child.kill('SIGKILL');
        await rm(dataDir, { recursive: true, force: true });
      }
    }
  });

  it('serves health on the embedded store with zero setup, and exits 0 on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'coditect-main-'));
    const run = runMain({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start-up line: ${JSON.stringify(run.output())}`)), 20_000);
        run.child.stdout.on('data', () => {
          const match = /"url":"(http:[^"]+)"/.exec(run.output().stdout);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });
      const response = await fetch(`${url}/api/v5/ready`);
      expect(response.status).toBe(200);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(run.output().stdout).toContain('draining requests');
    } finally {
      run.child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('.env', () => {
  it('is read from the working directory, and a variable already set wins over it', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'coditect-dotenv-'));
    const dataDir = join(workDir, 'data');
    let run: ReturnType<typeof runMain> | undefined;
    try {
      // HOST from the file would fail to bind: the environment's 127.0.0.1 must win.
      await writeFile(join(workDir, '.env'), ['DEMO_MODE=1', 'HOST=192.0.2.1', `DATA_DIR=${dataDir}`, ''].join('\n'));
      run = runMain({ PORT: '0', HOST: '127.0.0.1', JWT_SECRET: TEST_JWT_SECRET }, workDir);
      const started = run;
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start-up line: ${JSON.stringify(started.output())}`)), 20_000);
        void started.exited.then(() => reject(new Error(`exited: ${JSON.stringify(started.output())}`)));
        started.child.stdout.on('data', () => {
          const match = /"url":"(http:[^"]+)"/.exec(started.output().stdout);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:/);
      expect(run.output().stdout).toContain(join(workDir, '.env'));
      const login = await fetch(`${url}/api/v5/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'demo@coditect.ai', password: 'demo' }),
      });
      expect(login.status).toBe(200);
      expect((await stat(join(dataDir, 'kv'))).isDirectory()).toBe(true);
    } finally {
      run?.child.kill('SIGKILL');
      await run?.exited;
      await rm(workDir, { recursive: true, force: true });
    }
  });
});

describe('graceful stop', () => {
  it('finishes requests in flight, then refuses new connections', async () => {
    const server = await testServer({ router: probeRouter, contract: probeContract });
    const started = once(probeEvents, 'slow-started');
    const inFlight = fetch(`${server.url}/api/v5/probe/slow?ms=300`);
    await started;
    const closing = server.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ success: true, data: { waited: 300 } });
    await closing;
    await expect(fetch(`${server.url}/api/v5/probe/special`)).rejects.toThrow();
  });
});
