// The workspace lock across processes: of several writers expecting the same etag exactly one
// wins, whether they run in one process or in several; a lock left by a killed process, or by a
// holder elsewhere that stopped refreshing it, is broken; a live one makes others wait or fail
// with BUSY.
import { utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspaceRoot } from '../src/index';
import { killAllFixtures, spawnFixture } from './child-process';
import { createHarness, outcome, type Harness } from './workspace-harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  killAllFixtures();
  await h.cleanup();
});

describe('concurrent writers expecting the same etag', () => {
  it('exactly one wins within one process', async () => {
    const { etag } = await h.files.write('doc.txt', 'v0');
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => outcome(h.files.write('doc.txt', `writer ${i}`, { expectedEtag: etag }))),
    );
    expect(outcomes.filter((o) => o === 'resolved')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'CONFLICT')).toHaveLength(19);
  });

  it('exactly one wins across processes, round after round', async () => {
    const WRITERS = 4;
    const children = Array.from({ length: WRITERS }, () =>
      spawnFixture('write-child.ts', [h.rootDir, h.ref.tenantId, h.ref.workspaceId]),
    );
    for (const child of children) expect(await child.nextLine()).toBe('ready');
    for (let round = 0; round < 5; round++) {
      const { etag } = await h.files.write('doc.txt', `round ${round}`.padEnd(4 * 1024 * 1024, '.'));
      const at = Date.now() + 100;
      children.forEach((child, i) =>
        child.child.stdin.write(`${JSON.stringify({ path: 'doc.txt', content: `round ${round} writer ${i}`, etag, at })}\n`),
      );
      const outcomes = await Promise.all(children.map((child) => child.nextLine()));
      expect(
        outcomes.filter((o) => o === 'ok'),
        outcomes.join(),
      ).toHaveLength(1);
      expect(
        outcomes.filter((o) => o === 'CONFLICT'),
        outcomes.join(),
      ).toHaveLength(WRITERS - 1);
      const winner = outcomes.indexOf('ok');
      expect((await h.files.read('doc.txt')).content.toString().replace(/\.+$/, '')).toBe(`round ${round} writer ${winner}`);
    }
    for (const child of children) child.child.stdin.end();
  });
});

describe('stale and live locks', () => {
  it('breaks a lock whose holder was killed', async () => {
    const lockFile = join(h.meta, 'lock');
    const holder = spawnFixture('hold-lock-child.ts', [lockFile]);
    expect(await holder.nextLine()).toBe('locked');
    const impatient = await openWorkspaceRoot({ root: h.rootDir, lock: { timeoutMs: 300 } });
    expect(await outcome(impatient.files(h.ref).write('a.txt', 'x'))).toBe('BUSY');
    holder.child.kill('SIGKILL');
    await new Promise((resolve) => holder.child.once('close', resolve));
    expect(await outcome(impatient.files(h.ref).write('a.txt', 'x'))).toBe('resolved');
  });

  it('waits for a live holder in another process and proceeds when it releases', async () => {
    const lockFile = join(h.meta, 'lock');
    const holder = spawnFixture('hold-lock-child.ts', [lockFile]);
    expect(await holder.nextLine()).toBe('locked');
    const write = h.files.write('a.txt', 'x');
    let settled = false;
    void write.finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(settled).toBe(false);
    holder.child.stdin.end(); // the holder releases and exits
    expect(await outcome(write)).toBe('resolved');
  });

  it('trusts the heartbeat of a holder on another machine, and breaks it once the heartbeat stops', async () => {
    const lockFile = join(h.meta, 'lock');
    await writeFile(lockFile, JSON.stringify({ pid: 1, machine: `not-${hostname()}|pid:[1]`, started: null, token: 'x' }));
    const impatient = await openWorkspaceRoot({ root: h.rootDir, lock: { timeoutMs: 300, staleMs: 5_000 } });
    expect(await outcome(impatient.files(h.ref).write('a.txt', 'x'))).toBe('BUSY');
    const old = new Date(Date.now() - 10_000);
    await utimes(lockFile, old, old);
    expect(await outcome(impatient.files(h.ref).write('a.txt', 'x'))).toBe('resolved');
  });
});
