// Server memory per idle terminal: starts 50 terminals, waits for their prompts, leaves them idle
// (no attachment) and prints the heap/RSS growth per terminal, beside the shells' own memory.
// Run: pnpm --filter @coditect/sandbox bench:memory   (node --expose-gc)
import { readdir, readFile } from 'node:fs/promises';
import { LocalTerminalHost } from '../src/local-terminal-host';
import { createTestDirs, openTestSandbox, Screen } from '../test/sandbox-harness';

const COUNT = Number(process.env.TERMINALS ?? 50);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

async function settle(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 3; i++) {
    gc!();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return process.memoryUsage();
}

/** Summed RSS of the processes whose command line names `marker` or that run as uid `uid`. */
async function sandboxRssKiB(marker: string): Promise<number> {
  let total = 0;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const uid = Number(status.match(/^Uid:\s+(\d+)/m)?.[1]);
      if (cmdline.includes(marker) || (process.geteuid?.() === 0 && uid === 60_123)) {
        total += Number(status.match(/^VmRSS:\s+(\d+)/m)?.[1] ?? 0);
      }
    } catch {
      // Gone.
    }
  }
  return total;
}

const dirs = await createTestDirs();
const sandbox = await openTestSandbox(dirs.root);
const host = new LocalTerminalHost({ sandbox });
try {
  // A round of terminals first, started and killed, so lazily loaded code, JIT output and the
  // allocator's growth are not counted per terminal; one stays for the shell RSS average.
  for (let i = 0; i < 20; i++) {
    const warm = await host.create({ workspaceDir: dirs.workspace });
    await (await Screen.attach(host, warm.id)).waitFor(/\$ $/);
    if (i > 0) await host.kill(warm.id);
  }
  const before = await settle();

  for (let i = 0; i < COUNT; i++) {
    const info = await host.create({ workspaceDir: dirs.workspace, title: `idle-${i}` });
    const screen = await Screen.attach(host, info.id);
    await screen.waitFor(/\$ $/);
    screen.detach();
  }
  const after = await settle();
  const per = (key: keyof NodeJS.MemoryUsage) => ((after[key] - before[key]) / COUNT / 1024).toFixed(1);
  const shells = await sandboxRssKiB(dirs.root);
  console.log(`${COUNT} idle terminals (prompt shown, no attachment), per terminal in the server process:`);
  console.log(
    `  rss ${per('rss')} KiB, heapUsed ${per('heapUsed')} KiB, external ${per('external')} KiB, arrayBuffers ${per('arrayBuffers')} KiB`,
  );
  console.log(
    `  (outside the server: sandbox processes ~${(shells / (COUNT + 1) / 1024).toFixed(1)} MiB RSS per terminal, bwrap + init + shell)`,
  );
} finally {
  await host.shutdown();
  await sandbox.close();
  await dirs.cleanup();
}
