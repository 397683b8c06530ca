// Runs the TypeScript fixtures under test/fixtures as child Node processes (through tsx), and
// makes sure none outlives the test that started it.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export interface Fixture {
  readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  /** Resolves with the next line the fixture prints on stdout. */
  nextLine(): Promise<string>;
  stderr(): string;
}

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const running = new Set<Fixture['child']>();

export function spawnFixture(fixture: string, args: string[]): Fixture {
  const child = spawn(process.execPath, ['--import', 'tsx', `test/fixtures/${fixture}`, ...args], {
    cwd: packageDir,
    // stdin stays open as a lifeline: fixtures exit when it closes.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('close', () => running.delete(child));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  return {
    child,
    stderr: () => stderr,
    nextLine() {
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      return new Promise((resolve, reject) => {
        waiting.push(resolve);
        child.once('close', () => reject(new Error(`fixture exited: ${stderr}`)));
      });
    },
  };
}

/** SIGKILLs every fixture still running (for afterEach). */
export function killAllFixtures(): void {
  for (const child of running) child.kill('SIGKILL');
}
