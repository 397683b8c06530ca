// examples/websocket-client.ts, as a user would run it: type-checked with the repository's strict
// settings, then run against a real server (terminals on, real bubblewrap) with a real API key.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerUser } from '../support/rest-client';
import { useTestServer } from '../support/test-server';
import { typeCheck } from '../support/type-check';

const examples = join(import.meta.dirname, '..', '..', '..', '..', 'examples');

describe('examples/websocket-client.ts', () => {
  const server = useTestServer({ env: { TERMINALS_ENABLED: 'true' } });

  it('runs with an API key: live events for a file and a rename, a command in a terminal, its exit', async () => {
    const user = await registerUser(server.api);
    const key = (await server.api.post('/api-keys', { name: 'example', scope: 'write' }, user.accessToken)).body.data
      .secret as string;
    const { runWebSocketExample } = (await import(/* @vite-ignore */ join(examples, 'websocket-client.ts'))) as {
      runWebSocketExample: (url: string, key: string, log: (line: string) => void) => Promise<Record<string, unknown>>;
    };
    const lines: string[] = [];
    const outcome = await runWebSocketExample(server.url, key, (line) => lines.push(line));
    expect(outcome).toMatchObject({
      events: ['file.created', 'session.updated', 'terminal.exited'],
      exitCode: 3,
    });
    expect(outcome.terminalOutput).toContain('hello from /workspace, 42');
    expect(lines.at(-1)).toBe('session deleted');
  });

  it('type-checks with the repository settings', () => {
    expect(typeCheck(join(examples, 'websocket-client.ts'))).toEqual([]);
  }, 60_000);
});
