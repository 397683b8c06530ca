// A conversation with many messages, made before the measured server starts: the user, session and
// conversation over REST from a short-lived server on the same data directory, then the messages
// straight through the service layer (appendMessages, 1,000 per transaction) on the closed store.
// Over HTTP, one conversation's appends serialise on its record (that is the point of the counts),
// so 100,001 of them would take minutes.
import { openStore } from '@coditect/store';
import { appendMessages, createTenantScope, prepareMessage, type CallerContext } from '@coditect/api';
import { startServerProcess } from './processes';

export interface SeededConversation {
  token: string;
  conversationId: string;
  messages: number;
}

const BATCH = 1_000;
const PASSWORD = 'bench password 123';

async function call(baseUrl: string, method: string, path: string, body: unknown, token?: string) {
  const response = await fetch(`${baseUrl}/api/v5${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { data: any };
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
  return json.data;
}

export async function seedConversation(dataDir: string, messages: number): Promise<SeededConversation> {
  const started = Date.now();
  const bootstrap = await startServerProcess({}, { dataDir });
  let context: Omit<CallerContext, 'tenant' | 'home' | 'tenantOf'>;
  let token: string;
  let conversationId: string;
  try {
    const email = `bench-history-${Date.now()}@example.com`;
    const registered = await call(bootstrap.url, 'POST', '/auth/register', {
      email,
      password: PASSWORD,
      first_name: 'Bench',
      last_name: 'History',
    });
    token = registered.tokens.access_token;
    const session = await call(bootstrap.url, 'POST', '/sessions', { name: 'history' }, token);
    const conversation = await call(
      bootstrap.url,
      'POST',
      '/conversations',
      { workspace_session_id: session.session_id, title: 'long' },
      token,
    );
    conversationId = conversation.conversation_id;
    const { user } = registered;
    context = {
      auth: {
        userId: user.user_id,
        tenantId: user.tenant_id,
        homeTenantId: user.tenant_id,
        email,
        role: user.role,
        emailVerified: true,
        credential: { kind: 'session', sid: 'bench-seed' },
      },
      deps: { now: () => new Date() },
    };
  } finally {
    await bootstrap.stop();
  }

  const store = await openStore({ backend: 'embedded', dataDir });
  try {
    const tenant = createTenantScope(store, context.auth.tenantId);
    const caller: CallerContext = { ...context, tenant, home: tenant, tenantOf: (id) => createTenantScope(store, id) };
    for (let next = 0; next < messages; next += BATCH) {
      const now = new Date();
      const batch = Array.from({ length: Math.min(BATCH, messages - next) }, (_, index) => {
        const seq = next + index;
        return prepareMessage(
          seq % 2 === 0
            ? { role: 'User', content: `Question ${seq}: how should the auth module be split?`, model: null }
            : { role: 'Assistant', content: `Answer ${seq}: into auth_service and token_service.`, model: 'bench-model' },
          now,
        );
      });
      await appendMessages(caller, conversationId, batch);
    }
  } finally {
    await store.close();
  }
  console.error(
    `seeded a conversation of ${messages.toLocaleString('en')} messages in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { token, conversationId, messages };
}
