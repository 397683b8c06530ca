// Everything of one's own, as one .zip streamed while it is made (a file at a time, so a large
// account costs bounded memory): `account.json` (profile, memberships, linked providers), and per
// tenant the user belongs to, their sessions (`sessions/<id>.json`, their files as
// `sessions/<id>/files.zip`), conversations with every message, settings and API keys (never a
// secret). Other members' data in an organisation is not theirs, so it is not in it.
import type { Readable } from 'node:stream';
import yazl from 'yazl';
import { StreamedBody } from '../../contract/byte-streams';
import type { TMessage } from '../../contract/conversations';
import type { CallerContext } from '../identity/identity-context';
import { membershipRepository, type MembershipRecord } from '../identity/membership-repository';
import { fullName, userRepository } from '../identity/user-repository';
import { twoFactorRepository } from '../identity/two-factor-repository';
import { externalIdentities } from '../sign-in-providers/external-identities';
import { organisationRepository } from '../organisations/organisation-repository';
import type { SessionRecord } from '../sessions/session-repository';
import { conversationRepository, type ConversationRecord } from '../conversations/conversation-repository';
import { messageRepository } from '../conversations/message-repository';
import { settingRepository } from '../settings/setting-repository';
import { apiKeyRepository } from '../api-keys/api-key-repository';
import type { Workspaces } from '../files/workspaces';
import { workspaceRef } from '../files/workspaces';

const MESSAGE_PAGE = 500;

export type ExportingCaller = CallerContext & { deps: { workspaces: Workspaces } };

function json(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
}

export async function exportAccount(ctx: ExportingCaller): Promise<StreamedBody> {
  const { auth } = ctx;
  const account = await ctx.home.transact(async (tx) => {
    const { identity } = tx;
    const [user, memberships, providers, twoFactor] = await Promise.all([
      userRepository.get(identity, auth.userId),
      membershipRepository.listForUser(identity, auth.userId),
      externalIdentities.listForUser(identity, auth.userId),
      twoFactorRepository.get(identity, auth.userId),
    ]);
    const named = await Promise.all(
      memberships.map(async (membership) => ({
        membership,
        organisation: await organisationRepository.get(identity, membership.tenant_id),
      })),
    );
    return { user, named, providers, twoFactor: twoFactor !== undefined };
  });
  const exportedAt = ctx.deps.now().toISOString();
  const zip = new yazl.ZipFile();
  const output = zip.outputStream as unknown as Readable;
  const { user } = account;
  zip.addBuffer(
    json({
      exported_at: exportedAt,
      user: user && {
        user_id: user.user_id,
        email: user.email,
        first_name: user.first_name,
        last_name: user.last_name,
        full_name: fullName(user),
        company: user.company,
        email_verified: user.email_verified,
        provider: user.provider ?? 'local',
        created_at: user.created_at,
        last_login_at: user.last_login_at,
        two_factor_enabled: account.twoFactor,
      },
      memberships: account.named.map(({ membership, organisation }) => ({
        tenant_id: membership.tenant_id,
        name: organisation?.name ?? 'Personal',
        kind: organisation ? 'organisation' : 'personal',
        role: membership.role,
        joined_at: membership.joined_at,
      })),
      linked_providers: account.providers.map((linked) => ({
        provider: linked.provider,
        email: linked.email,
        linked_at: linked.linked_at,
      })),
    }),
    'account.json',
    { mtime: new Date(exportedAt) },
  );
  void addTenants(
    ctx,
    zip,
    output,
    account.named.map(({ membership }) => membership),
  )
    .then(() => zip.end())
    .catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return new StreamedBody({
    contentType: 'application/zip',
    fileName: `coditect-export-${exportedAt.slice(0, 10)}.zip`,
    stream: output,
  });
}

async function addTenants(ctx: ExportingCaller, zip: yazl.ZipFile, output: Readable, memberships: MembershipRecord[]) {
  const { auth, deps } = ctx;
  for (const { tenant_id: tenantId } of memberships) {
    if (output.destroyed) return;
    const scope = ctx.tenantOf(tenantId);
    const dir = `tenants/${tenantId}`;
    const mine = await scope.transact(async (tx) => {
      const sessions = (await tx.getRange<SessionRecord>(['ws_session']))
        .map((entry) => entry.value)
        .filter((session) => session.user_id === auth.userId);
      const conversations = (await conversationRepository.scanAll(tx)).filter(
        (conversation) => conversation.user_id === auth.userId,
      );
      const settings = await settingRepository.list(tx, auth.userId);
      const keys = (await apiKeyRepository.listForUser(tx, auth.userId)).map(({ digest: _digest, ...key }) => key);
      return { sessions, conversations, settings, keys };
    });
    zip.addBuffer(json(mine.settings), `${dir}/settings.json`);
    zip.addBuffer(json(mine.keys), `${dir}/api-keys.json`);
    for (const conversation of mine.conversations) {
      zip.addBuffer(json(await withMessages(scope, conversation)), `${dir}/conversations/${conversation.conversation_id}.json`);
    }
    for (const session of mine.sessions) {
      zip.addBuffer(json(session), `${dir}/sessions/${session.session_id}.json`);
      const ref = workspaceRef(tenantId, session.session_id);
      if (output.destroyed || !(await deps.workspaces.root.exists(ref))) continue;
      const files = await deps.workspaces.root.files(ref).downloadFolder('', { maxBytes: deps.workspaces.maxDownloadBytes });
      zip.addReadStream(files.stream, `${dir}/sessions/${session.session_id}/files.zip`, { compress: false });
      // One archive at a time: wait until this one is consumed (or the reader gave up).
      await new Promise<void>((resolve) => {
        files.stream.once('close', resolve);
        files.stream.once('error', () => resolve());
        output.once('close', () => {
          files.stream.destroy();
          resolve();
        });
      });
    }
  }
}

async function withMessages(scope: ReturnType<CallerContext['tenantOf']>, conversation: ConversationRecord) {
  const messages: TMessage[] = [];
  for (let from = 0; from < conversation.message_count; from += MESSAGE_PAGE) {
    const to = Math.min(from + MESSAGE_PAGE, conversation.message_count);
    messages.push(...(await scope.transact((tx) => messageRepository.range(tx, conversation.conversation_id, from, to))));
  }
  return { ...conversation, messages };
}
