// Runs the TypeScript fixtures under test/fixtures as child Node processes (through tsx), and
// makes sure none outlives the test that started it.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export interface Fixture {
  readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  /** Settles once the process has exited and its output streams are fully read. */
  readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything written to stderr so far, for failure messages. */
  stderr(): string;
}

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const running = new Set<Fixture['child']>();

export function spawnFixture(fixture: string, args: string[]): Fixture {
  const child = spawn(process.execPath, ['--import', 'tsx', `test/fixtures/${fixture}`, ...args], {
    cwd: packageDir,
    // stdin stays open as a lifeline: a fixture that loops forever exits when it closes, so
    // it cannot outlive a test runner that died without killing it.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, closed, stderr: () => stderr };
}

/** Calls `onLine` for each complete line the fixture prints on stdout. */
export function onStdoutLine(fixture: Fixture, onLine: (line: string) => void): void {
  let partial = '';
  fixture.child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
}

/** SIGKILLs every fixture still running (for afterEach and finally blocks). */
export function killAllFixtures(): void {
  for (const child of running) child.kill('SIGKILL');
}
