// Sharing a session with the rest of the organisation, and listing what is shared there. Only the
// owner shares or unshares; a personal tenant has nobody to share with.
import { AppError } from '../../errors/app-error';
import { SESSION_LIMITS, type TSessionSharing, type TSharedSession } from '../../contract/sessions';
import type { CallerContext } from '../identity/identity-context';
import { fullName, userRepository } from '../identity/user-repository';
import { organisationRepository } from '../organisations/organisation-repository';
import { requireOwned } from './owned-session';
import type { SessionRecord } from './session-repository';
import { sessionSharingRepository } from './session-sharing-repository';
import { summarize } from './session-service';

/** Shared sessions listed at most (a page would come with a cursor when organisations share more). */
const SHARED_LISTED = SESSION_LIMITS.sharedListed;

export async function shareSession(
  ctx: CallerContext,
  sessionId: string,
  sharing: TSessionSharing,
): Promise<{ session_id: string; sharing: TSessionSharing }> {
  const now = ctx.deps.now().toISOString();
  await ctx.tenant.transact(async (tx) => {
    const session = await requireOwned(tx, ctx.auth, sessionId);
    if (!(await organisationRepository.get(tx.identity, ctx.auth.tenantId))) {
      throw new AppError(
        'CONFLICT',
        'This is your personal workspace: there is nobody to share it with (work in an organisation)',
      );
    }
    if (sharing === 'private') sessionSharingRepository.remove(tx, session.session_id);
    else sessionSharingRepository.put(tx, { session_id: session.session_id, user_id: session.user_id, sharing, shared_at: now });
  });
  return { session_id: sessionId, sharing };
}

export async function listSharedSessions(ctx: CallerContext): Promise<{ sessions: TSharedSession[]; count: number }> {
  const sessions = await ctx.tenant.transact(async (tx) => {
    const shared = await sessionSharingRepository.list(tx, SHARED_LISTED);
    const found = await Promise.all(
      shared.map(async (record) => {
        const [session, owner] = await Promise.all([
          tx.get<SessionRecord>(['ws_session', record.session_id]),
          userRepository.get(tx.identity, record.user_id),
        ]);
        if (!session) return undefined;
        return {
          ...summarize(session),
          sharing: record.sharing,
          owner: {
            user_id: record.user_id,
            full_name: owner ? fullName(owner) : 'A former member',
            you: record.user_id === ctx.auth.userId,
          },
          shared_at: record.shared_at,
        } satisfies TSharedSession;
      }),
    );
    return found.filter((each): each is TSharedSession => each !== undefined);
  });
  sessions.sort((a, b) => b.updated_at.localeCompare(a.updated_at));
  return { sessions, count: sessions.length };
}
