// The real entry point (src/main.ts) as a child process, for tests that kill or restart it.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_JWT_SECRET } from './test-server';
import { rawRequest } from './raw-http';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  exited: Promise<number | null>;
  output(): string;
}

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'info',
      // As in testServer(): no bubblewrap probe at each start unless a test asks for terminals.
      TERMINALS_ENABLED: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 30_000);
    const poll = setInterval(() => {
      const match = /"url":"(http:[^"]+)"/.exec(output);
      if (match) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(match[1]!);
      } else if (child.exitCode !== null) {
        clearInterval(poll);
        clearTimeout(timer);
        reject(new Error(`server exited: ${output}`));
      }
    }, 20);
  });
  return { child, url, port: Number(new URL(url).port), exited, output: () => output };
}

/** Resolves once `count` server processes (cluster workers) have logged that they listen. */
export async function waitForWorkers(server: ServerProcess, count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((server.output().match(/Coditect server listening/g) ?? []).length < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} workers started: ${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `pnpm check-store`'s entry on a data directory; resolves with its exit code and output. */
export function runStoreCheck(dataDir: string): Promise<{ code: number | null; output: string }> {
  return runServerTool('src/check-store.ts', [], dataDir);
}

/** Runs one of the server's command-line tools (check-store, backup, restore) on a data directory. */
export function runServerTool(entry: string, args: string[], dataDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: serverDir,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk.toString()));
    child.stderr.on('data', (chunk) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/**
 * Calls the server's REST API with one request per connection, so the cluster primary hands each
 * to the next worker in turn. Generous by default: under load sign-ups hash passwords in every
 * worker while shells start, on 2 cores.
 */
export function freshConnectionCaller(server: ServerProcess, timeoutMs = 30_000) {
  return async (method: string, path: string, body?: unknown, token?: string) => {
    const head = [`${method} /api/v5${path} HTTP/1.1`, 'host: cluster', 'content-type: application/json'];
    if (token) head.push(`authorization: Bearer ${token}`);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const response = await rawRequest(server.port, head.join('\r\n'), payload, timeoutMs);
    return { status: response.status, body: JSON.parse(response.body) as any };
  };
}
