// kill -9 of the server in the middle of a write load, restart on the same data: every
// acknowledged write is there, conversation counts equal what their messages sum to, and no index
// entry lacks its record (or the reverse).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restClient, TEST_PASSWORD, uniqueEmail } from '../support/rest-client';
import { runStoreCheck, startServerProcess } from '../support/server-process';

const ROUNDS = Number(process.env.KILL_ROUNDS ?? 3);

describe('SIGKILL under load', () => {
  it(`keeps every acknowledged write across ${ROUNDS} kills`, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'coditect-kill-'));
    const acknowledged = new Map<string, number>(); // session id → highest acknowledged version
    const messages = new Map<string, { count: number; tokens: number }>(); // conversation → acknowledged sums
    const email = uniqueEmail('kill');
    try {
      // The last round only verifies what the final kill left.
      for (let round = 0; round <= ROUNDS; round += 1) {
        const server = await startServerProcess({ DATA_DIR: dataDir });
        const api = restClient(server.url);
        const auth =
          round === 0
            ? await api.post('/auth/register', { email, password: TEST_PASSWORD, first_name: 'K', last_name: 'L' })
            : await api.post('/auth/login', { email, password: TEST_PASSWORD });
        const token: string = auth.body.data.tokens.access_token;

        // What survived the previous kill must be there now.
        for (const [id, version] of acknowledged) {
          const { status, body } = await api.get(`/sessions/${id}`, token);
          expect(status, `session ${id} lost`).toBe(200);
          expect(body.data.version).toBeGreaterThanOrEqual(version);
        }
        for (const [id, acked] of messages) {
          const conversation = await api.get(`/conversations/${id}`, token);
          expect(conversation.status, `conversation ${id} lost`).toBe(200);
          expect(conversation.body.data.message_count).toBeGreaterThanOrEqual(acked.count);
          expect(conversation.body.data.token_count).toBeGreaterThanOrEqual(acked.tokens);
          const page = await api.get(`/conversations/${id}/messages?offset=0&limit=200`, token);
          expect(page.body.data.total_count).toBe(conversation.body.data.message_count);
          const tokenSum = page.body.data.messages.reduce(
            (sum: number, message: { token_count: number }) => sum + message.token_count,
            0,
          );
          if (!page.body.data.has_more) expect(tokenSum).toBe(conversation.body.data.token_count);
        }
        if (round === ROUNDS) {
          server.child.kill('SIGKILL');
          await server.exited;
          break;
        }

        let stop = false;
        const chatter = async (index: number) => {
          try {
            const session = await api.post('/sessions', { name: `chat${index}` }, token);
            const conversation = await api.post(
              '/conversations',
              { workspace_session_id: session.body.data.session_id, title: `c${index}` },
              token,
            );
            const id = conversation.body.data.conversation_id as string;
            if (!id) return;
            messages.set(id, { count: 0, tokens: 0 });
            while (!stop) {
              const added = await api.post(
                `/conversations/${id}/messages`,
                { role: 'User', content: `message ${index} — ${'lorem ipsum '.repeat(index % 5)}` },
                token,
              );
              if (added.status === 201) {
                const acked = messages.get(id)!;
                acked.count += 1;
                acked.tokens += added.body.data.token_count as number;
              }
            }
          } catch {
            // the server is gone
          }
        };
        const worker = async (index: number) => {
          let mine: string | undefined;
          while (!stop) {
            try {
              if (!mine) {
                const created = await api.post('/sessions', { name: `w${index}`, tags: [`w${index}`, 'load'] }, token);
                if (created.status === 201) {
                  mine = created.body.data.session_id as string;
                  acknowledged.set(mine, 1);
                }
              } else {
                const updated = await api.put(`/sessions/${mine}`, { tags: [`w${index}`, `v${Date.now() % 7}`] }, token);
                if (updated.status === 200) acknowledged.set(mine, updated.body.data.version);
                if (updated.body?.data?.version > 20) mine = undefined;
              }
            } catch {
              return; // the server is gone
            }
          }
        };
        const workers = [
          ...Array.from({ length: 6 }, (_, index) => worker(round * 10 + index)),
          ...Array.from({ length: 3 }, (_, index) => chatter(round * 10 + index)),
        ];
        await new Promise((resolve) => setTimeout(resolve, 700 + Math.random() * 600));
        server.child.kill('SIGKILL');
        await server.exited;
        stop = true;
        await Promise.all(workers);
      }
      expect(acknowledged.size).toBeGreaterThan(ROUNDS * 4);
      expect([...messages.values()].reduce((sum, acked) => sum + acked.count, 0)).toBeGreaterThan(ROUNDS * 3);

      const check = await runStoreCheck(dataDir);
      expect(check.output).toContain('0 problem(s)');
      expect(check.code).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    // Four server processes start and stop here; a loaded 2-core machine needs more than the default.
  }, 90_000);
});
