// examples/task-approval.ts, as a user would run it: type-checked against types generated from the
// served document, then run against a real server with a real API key. The model is the fake
// provider (the one edge faked here), scripted to write the file and then finish.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useFakeLlmProvider } from '../support/fake-llm-provider';
import { registerUser } from '../support/rest-client';
import { useTestServer } from '../support/test-server';
import { typeCheck } from '../support/type-check';
import { examplesDir as examples, generateExampleTypes } from './example-types';

describe('examples/task-approval.ts', () => {
  const provider = useFakeLlmProvider();
  const server = useTestServer(() => ({ env: { LLM_BASE_URL: provider.baseUrl, LLM_TIMEOUT: '10s' } }));
  beforeAll(() => generateExampleTypes(server.url), 60_000);

  it('runs with an API key: the agent asks to write, the script approves, the task completes with a checkpoint', async () => {
    const user = await registerUser(server.api);
    const key = (await server.api.post('/api-keys', { name: 'example', scope: 'write' }, user.accessToken)).body.data
      .secret as string;
    const script = randomUUID();
    provider.scripts.set(script, [
      {
        tool_calls: [
          {
            name: 'write_file',
            arguments: JSON.stringify({ path: 'greeting.ts', content: 'export const greeting = "Hello, friend!";\n' }),
          },
        ],
      },
      { tool_calls: [{ name: 'attempt_completion', arguments: JSON.stringify({ result: 'The greeting is friendlier.' }) }] },
    ]);
    const { runTaskApprovalExample } = (await import(/* @vite-ignore */ join(examples, 'task-approval.ts'))) as {
      runTaskApprovalExample: (
        url: string,
        key: string,
        model: string,
        log: (line: string) => void,
      ) => Promise<Record<string, unknown>>;
    };
    const lines: string[] = [];
    const outcome = await runTaskApprovalExample(server.url, key, `fake-script:${script}`, (line) => lines.push(line));
    expect(outcome).toMatchObject({
      state: 'completed',
      result: 'The greeting is friendlier.',
      fileContent: 'export const greeting = "Hello, friend!";\n',
      checkpoints: 1,
    });
    expect(outcome.events).toEqual(expect.arrayContaining(['task.started', 'approval.required', 'task.complete']));
    expect((outcome.approved as string[])[0]).toContain('+export const greeting = "Hello, friend!";');
    expect(lines).toContain('approved');
  });

  it('type-checks against types generated from the served document', () => {
    expect(typeCheck(join(examples, 'task-approval.ts'))).toEqual([]);
  }, 60_000);
});
