// Keystroke echo latency with 50 terminals typing at once: plain PTYs running cat in this process
// without bwrap (the baseline), sandboxed terminals of a host in this process, and sandboxed
// terminals of a host process reached over the Unix socket (as a server worker would). Each
// terminal runs `cat` in raw mode, so the echo comes from a process in the terminal (as with
// readline or an editor), not from the kernel's line discipline.
// Run: pnpm --filter @coditect/sandbox bench:latency
import { join } from 'node:path';
import { spawn } from 'node-pty';
import { LocalTerminalHost } from '../src/local-terminal-host';
import { RemoteTerminalHost } from '../src/remote-terminal-host';
import type { TerminalHost } from '../src/terminal-host';
import { killAllFixtures, onStdoutLine, spawnFixture } from '../test/child-process';
import { createTestDirs, openTestSandbox } from '../test/sandbox-harness';

const TERMINALS = Number(process.env.TERMINALS ?? 50);
const KEYSTROKES = Number(process.env.KEYSTROKES ?? 100);
const RAW_CAT = 'stty raw -echo; echo ready; exec cat';

interface Typist {
  write(data: string): void;
  /** Resolves on the next output containing `key`. */
  onOutput(listener: (text: string) => void): void;
}

async function typeAll(typists: Typist[]): Promise<number[]> {
  const latencies: number[] = [];
  await Promise.all(
    typists.map(async (typist, t) => {
      let waiting: { key: string; sent: number; done: () => void } | undefined;
      typist.onOutput((text) => {
        if (waiting && text.includes(waiting.key)) {
          latencies.push(performance.now() - waiting.sent);
          const done = waiting.done;
          waiting = undefined;
          done();
        }
      });
      for (let i = 0; i < KEYSTROKES; i++) {
        // A typist's pace: 20-60 ms between keys, so the 50 overlap without flooding.
        await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 40));
        const key = String.fromCharCode(97 + ((i + t) % 26));
        await new Promise<void>((done) => {
          waiting = { key, sent: performance.now(), done };
          typist.write(key);
        });
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

function percentile(sorted: number[], p: number): string {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(2);
}

async function baseline(): Promise<number[]> {
  const ptys = Array.from({ length: TERMINALS }, () =>
    spawn('/bin/bash', ['-c', RAW_CAT], { cols: 80, rows: 24, env: {}, cwd: '/' }),
  );
  await Promise.all(ptys.map((pty) => new Promise<void>((resolve) => pty.onData((d) => d.includes('ready') && resolve()))));
  const latencies = await typeAll(ptys.map((pty) => ({ write: (d) => pty.write(d), onOutput: (l) => pty.onData(l) })));
  for (const pty of ptys) pty.kill('SIGKILL');
  return latencies;
}

async function typeInSandboxes(host: TerminalHost, workspaceDir: string): Promise<number[]> {
  const typists: Typist[] = [];
  for (let i = 0; i < TERMINALS; i++) {
    const info = await host.create({ workspaceDir, shell: 'bash', shellArgs: ['-c', RAW_CAT] });
    const listeners = new Set<(text: string) => void>();
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    await host.attach(info.id, {
      onData: (data) => {
        const text = Buffer.from(data).toString('utf8');
        if (text.includes('ready')) ready();
        for (const listener of listeners) listener(text);
      },
    });
    await isReady;
    typists.push({ write: (d) => host.write(info.id, d), onOutput: (l) => listeners.add(l) });
  }
  const latencies = await typeAll(typists);
  await host.killAll({ workspaceDir });
  return latencies;
}

async function sandboxedInProcess(): Promise<number[]> {
  const dirs = await createTestDirs();
  const sandbox = await openTestSandbox(dirs.root);
  const host = new LocalTerminalHost({ sandbox });
  try {
    return await typeInSandboxes(host, dirs.workspace);
  } finally {
    await host.shutdown();
    await sandbox.close();
    await dirs.cleanup();
  }
}

async function sandboxedRemote(): Promise<number[]> {
  const dirs = await createTestDirs();
  const socketPath = join(dirs.root, 'host.sock');
  const fixture = spawnFixture('host-process.ts', [socketPath, dirs.root]);
  try {
    await new Promise<void>((resolve) => onStdoutLine(fixture, (line) => line === 'ready' && resolve()));
    const remote = await RemoteTerminalHost.connect(socketPath);
    const latencies = await typeInSandboxes(remote, dirs.workspace);
    await remote.shutdown();
    return latencies;
  } finally {
    fixture.child.stdin.end();
    await Promise.race([fixture.closed, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    killAllFixtures();
    await dirs.cleanup();
  }
}

const plain = await baseline();
const local = await sandboxedInProcess();
const boxed = await sandboxedRemote();
console.log(`${TERMINALS} terminals typing at once, ${KEYSTROKES} keystrokes each; echo latency in ms`);
console.log('                                      p50     p99     max');
console.log(
  `plain PTY running cat (no bwrap)    ${percentile(plain, 50).padStart(6)}  ${percentile(plain, 99).padStart(6)}  ${plain.at(-1)!.toFixed(2).padStart(6)}`,
);
console.log(
  `sandboxed, host in this process    ${percentile(local, 50).padStart(6)}  ${percentile(local, 99).padStart(6)}  ${local.at(-1)!.toFixed(2).padStart(6)}`,
);
console.log(
  `sandboxed, via host over the socket ${percentile(boxed, 50).padStart(6)}  ${percentile(boxed, 99).padStart(6)}  ${boxed.at(-1)!.toFixed(2).padStart(6)}`,
);
