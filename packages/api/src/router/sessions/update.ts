import { procedure } from '../../procedure';
import { updateSession } from '../../domain/sessions/session-service';
import { sessionsContract } from '../../contract/sessions';

export const update = procedure(sessionsContract.update).mutation(async ({ ctx, input }) => {
  const updated = await updateSession(ctx, input);
  // Committed: other tabs of the session apply the change live instead of meeting a 409 later.
  ctx.deps.events?.publish({
    tenant_id: ctx.auth.tenantId,
    session_id: updated.session_id,
    type: 'session.updated',
    data: { version: updated.version, fields_updated: updated.fields_updated, updated_at: updated.updated_at },
  });
  return updated;
});
