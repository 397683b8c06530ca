// examples/api-client.ts, as a user would run it: types generated from the served document into
// examples/generated, the script type-checked with the repository's strict settings, then run
// against a real server with a real API key.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../support/rest-client';
import { useTestServer } from '../support/test-server';
import { typeCheck } from '../support/type-check';
import { examplesDir as examples, generateExampleTypes } from './example-types';

describe('examples/api-client.ts', () => {
  // Runs before the (slow) type check: a keep-alive connection idle past the server's 5 s timeout
  // can be reset under the next request.
  const server = useTestServer();
  beforeAll(() => generateExampleTypes(server.url), 60_000);

  it('runs with an API key: session, file, search, clean-up', async () => {
    const user = await registerUser(server.api);
    const key = (await server.api.post('/api-keys', { name: 'example', scope: 'write' }, user.accessToken)).body.data
      .secret as string;
    const { runApiClientExample } = (await import(/* @vite-ignore */ join(examples, 'api-client.ts'))) as {
      runApiClientExample: (url: string, key: string, log: (line: string) => void) => Promise<Record<string, unknown>>;
    };
    const lines: string[] = [];
    const outcome = await runApiClientExample(server.url, key, (line) => lines.push(line));
    expect(outcome).toMatchObject({
      sessionsBefore: 0,
      fileContent: 'export const greeting = "hello from the API";\n',
      searchHits: 1,
      deleted: true,
    });
    expect(lines[0]).toBe(`signed in as ${user.email}`);
  });

  it('type-checks against types generated from the served document', () => {
    expect(typeCheck(join(examples, 'api-client.ts'))).toEqual([]);
  }, 60_000);
});
