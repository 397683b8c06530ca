// The per-workspace write lock, shared by every process on the disk: meta/lock created with
// O_EXCL. Calls in one process queue in memory first, so only one of them polls the file.
//
// Stale locks: the file records its holder (pid, pid namespace, host, process start time). A
// holder on this machine and namespace is alive while that process is (pid reuse is caught by the
// start time); any other holder is alive while it keeps refreshing the file's mtime, which it does
// every staleMs/3. A stale lock is removed only while holding meta/lock.break (also O_EXCL) and
// only if it is still the very file (inode) judged stale, so two waiters cannot both break it and
// then delete each other's fresh lock.
import { randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { lstat, open, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkspaceError, fromFsError } from './workspace-error';

export interface LockTimings {
  timeoutMs: number;
  staleMs: number;
}

interface HolderRecord {
  pid: number;
  machine: string;
  started: string | null;
  token: string;
}

const BREAKER_STALE_MS = 5_000;

function processStartTime(pid: number | 'self'): string | null {
  try {
    // Field 22 of /proc/<pid>/stat; the command name (field 2) may contain spaces, so count from ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function machineIdentity(): string {
  let namespace = '';
  try {
    namespace = readlinkSync('/proc/self/ns/pid');
  } catch {
    // No /proc namespace information: the host name alone identifies the machine.
  }
  return `${hostname()}|${namespace}`;
}

const self = { pid: process.pid, machine: machineIdentity(), started: processStartTime('self') };

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function holderAlive(holder: HolderRecord | null, mtimeMs: number, staleMs: number): boolean {
  if (holder && holder.machine === self.machine) {
    try {
      process.kill(holder.pid, 0);
    } catch (error) {
      if (errnoOf(error) === 'ESRCH') return false;
    }
    return holder.started === null || processStartTime(holder.pid) === holder.started;
  }
  // Another machine, or a file we could not parse (being written right now): trust the heartbeat.
  return Date.now() - mtimeMs < staleMs;
}

async function readHolder(path: string): Promise<{ holder: HolderRecord | null; ino: number; mtimeMs: number } | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return null;
    throw error;
  }
  try {
    const stat = await handle.stat();
    let holder: HolderRecord | null = null;
    try {
      holder = JSON.parse(await handle.readFile('utf8')) as HolderRecord;
    } catch {
      holder = null;
    }
    return { holder, ino: stat.ino, mtimeMs: stat.mtimeMs };
  } finally {
    await handle.close();
  }
}

/** Removes the lock file if it is still inode `ino`, under the breaker lock. */
async function breakStaleLock(lockFile: string, ino: number): Promise<void> {
  const breaker = `${lockFile}.break`;
  let handle;
  try {
    handle = await open(breaker, 'wx');
  } catch (error) {
    if (errnoOf(error) !== 'EEXIST') throw error;
    // A breaker holds it for a few microseconds; one left behind by a crash is removed.
    const stat = await lstat(breaker).catch(() => null);
    if (stat && Date.now() - stat.mtimeMs > BREAKER_STALE_MS) await unlink(breaker).catch(() => undefined);
    return;
  }
  try {
    const current = await lstat(lockFile).catch(() => null);
    if (current && current.ino === ino) await unlink(lockFile).catch(() => undefined);
  } finally {
    await handle.close();
    await unlink(breaker).catch(() => undefined);
  }
}

interface HeldLock {
  release(): Promise<void>;
}

async function acquireFileLock(lockFile: string, timings: LockTimings, deadline: number): Promise<HeldLock> {
  const token = randomUUID();
  let delay = 1;
  for (;;) {
    let handle;
    try {
      handle = await open(lockFile, 'wx');
    } catch (error) {
      const code = errnoOf(error);
      if (code === 'ENOENT') throw new WorkspaceError('NOT_FOUND', 'Workspace not found');
      if (code !== 'EEXIST') throw fromFsError(error);
    }
    if (handle) {
      const record: HolderRecord = { pid: self.pid, machine: self.machine, started: self.started, token };
      await handle.writeFile(JSON.stringify(record));
      const { ino } = await handle.stat();
      const held = handle;
      const heartbeat = setInterval(
        () => {
          const now = new Date();
          held.utimes(now, now).catch(() => undefined);
        },
        Math.max(10, Math.floor(timings.staleMs / 3)),
      );
      heartbeat.unref();
      return {
        async release() {
          clearInterval(heartbeat);
          await held.close();
          // Only our own file: if ours was broken as stale, the file there now is someone else's.
          const current = await lstat(lockFile).catch(() => null);
          if (current && current.ino === ino) await unlink(lockFile).catch(() => undefined);
        },
      };
    }
    const seen = await readHolder(lockFile);
    if (seen && !holderAlive(seen.holder, seen.mtimeMs, timings.staleMs)) {
      await breakStaleLock(lockFile, seen.ino);
      continue;
    }
    if (Date.now() >= deadline) throw new WorkspaceError('BUSY', 'The workspace is busy; try again', { retry_after_ms: 500 });
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 25);
  }
}

const queues = new Map<string, Promise<void>>();

/** Runs `fn` holding the workspace lock at `lockFile`, or fails with BUSY after timeoutMs. */
export async function withWorkspaceLock<T>(lockFile: string, timings: LockTimings, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timings.timeoutMs;
  const previous = queues.get(lockFile) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((resolve) => (done = resolve));
  const tail = previous.then(() => mine);
  queues.set(lockFile, tail);
  const finish = () => {
    done();
    if (queues.get(lockFile) === tail) queues.delete(lockFile);
  };

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
  });
  const turn = await Promise.race([previous.then(() => 'turn' as const), timedOut]);
  clearTimeout(timer);
  if (turn === 'timeout') {
    // Keep the queue intact: our slot passes straight on when its turn comes.
    void previous.then(finish);
    throw new WorkspaceError('BUSY', 'The workspace is busy; try again', { retry_after_ms: 500 });
  }

  try {
    const held = await acquireFileLock(lockFile, timings, deadline);
    try {
      return await fn();
    } finally {
      await held.release();
    }
  } finally {
    finish();
  }
}
