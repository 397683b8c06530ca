// Child processes the benchmark drives: the real server (main.ts) and a bare node:http baseline.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('../../apps/server', import.meta.url));
const baselineScript = fileURLToPath(new URL('./baseline-server.ts', import.meta.url));

export interface ChildServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

function waitForUrl(child: ChildProcess, pattern: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(match[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}: ${output}`));
    });
  });
}

function stopper(child: ChildProcess, cleanup?: () => Promise<void>) {
  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await cleanup?.();
  };
}

/** Serves a fresh temporary data directory (removed on stop), or `options.dataDir` (kept). */
export async function startServerProcess(
  env: Record<string, string> = {},
  options: { dataDir?: string; nodeArgs?: string[] } = {},
): Promise<ChildServer> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'coditect-bench-')));
  // The production build (pnpm bench builds it first), as users run it.
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), 'dist/main.mjs'], {
    cwd: serverDir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret!!',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      // One server process against one baseline process (production would default to one per core).
      WORKERS: '1',
      // Load from one client address would trip the per-user/login limits the scenarios measure past.
      RATE_LIMIT_USER: '100000000/1m',
      RATE_LIMIT_TENANT: '100000000/1m',
      RATE_LIMIT_LOGIN: '100000000/1m',
      RATE_LIMIT_LOGIN_IP: '100000000/1m',
      RATE_LIMIT_LOGIN_ACCOUNT: '100000000/1m',
      RATE_LIMIT_REFRESH: '100000000/1m',
      RATE_LIMIT_REGISTER: '100000000/1m',
      RATE_LIMIT_MESSAGES: '100000000/1m',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await waitForUrl(child, /"url":"(http:[^"]+)"/, 'server');
  return {
    url,
    pid: child.pid!,
    stop: stopper(child, ownsDataDir ? () => rm(dataDir, { recursive: true, force: true }) : undefined),
  };
}

/** A bare node:http server answering every request with exactly `status`, `headers` and `body`. */
export async function startBaselineProcess(
  status: number,
  body: string,
  headers: Record<string, string> = {},
  workMicros = 0,
): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', baselineScript], {
    env: {
      PATH: process.env.PATH ?? '',
      BASELINE_STATUS: String(status),
      BASELINE_BODY: body,
      BASELINE_HEADERS: JSON.stringify(headers),
      BASELINE_WORK_US: String(workMicros),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await waitForUrl(child, /listening (http:\S+)/, 'baseline');
  return { url, pid: child.pid!, stop: stopper(child) };
}
