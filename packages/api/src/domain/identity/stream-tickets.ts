// Stream tickets: what a browser's EventSource carries in the URL instead of its access token
// (proxies and access logs keep URLs). A ticket is random, lives a minute, opens one subscription
// and is then gone; it acts for the auth session that asked for it, checked again when redeemed.
//   tenant: ['stream_ticket', expires_ms, digest] → StreamTicketRecord
// The ticket names its tenant and expiry (`cst_<tenant>.<expiry>.<secret>`) so that redeeming it
// is one read in that tenant's space, and the expired ones are found in key order.
import { createHash, randomBytes } from 'node:crypto';
import type { ScopedTransaction } from '@coditect/store';
import { AppError } from '../../errors/app-error';
import type { IdentityScope } from '../../storage/identity-scope';
import type { CallerContext } from './identity-context';

export const STREAM_TICKET_TTL_SECONDS = 60;
const RECORD = 'stream_ticket';
/** Expired tickets cleared per issue: enough to keep up with any rate one user may ask at. */
const SWEEP_LIMIT = 32;
const TICKET = /^cst_([0-9a-f-]{36})\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{43})$/;

interface StreamTicketRecord {
  user_id: string;
  sid: string;
  /** Where the session lives (absent on tickets from before teams: the ticket's tenant). */
  home_tenant_id?: string;
}

export interface RedeemedTicket {
  userId: string;
  tenantId: string;
  homeTenantId: string;
  sid: string;
}

function digestOf(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

function invalidTicket(): AppError {
  return new AppError('UNAUTHORIZED', 'Invalid, expired or already used stream ticket');
}

export async function issueStreamTicket(ctx: CallerContext): Promise<{ ticket: string; expires_in: number }> {
  const { credential } = ctx.auth;
  if (credential.kind !== 'session') throw new AppError('FORBIDDEN', 'Stream tickets are issued to signed-in sessions');
  const now = ctx.deps.now().getTime();
  const expiresMs = now + STREAM_TICKET_TTL_SECONDS * 1000;
  const secret = randomBytes(32).toString('base64url');
  await ctx.tenant.transact(async (tx) => {
    for (const expired of await tx.getRange([RECORD], { before: [RECORD, now], limit: SWEEP_LIMIT })) tx.clear(expired.key);
    tx.set([RECORD, expiresMs, digestOf(secret)], {
      user_id: ctx.auth.userId,
      sid: credential.sid,
      home_tenant_id: ctx.auth.homeTenantId,
    } satisfies StreamTicketRecord);
  });
  return { ticket: `cst_${ctx.auth.tenantId}.${expiresMs.toString(36)}.${secret}`, expires_in: STREAM_TICKET_TTL_SECONDS };
}

/**
 * Consumes the ticket in `redeem`'s transaction and answers whom it was issued to. The caller
 * checks that session and user in the same transaction: if they no longer hold, it throws and the
 * ticket stays (unusable all the same).
 */
export async function redeemStreamTicket<T>(
  identity: IdentityScope,
  ticket: string,
  now: Date,
  check: (redeemed: RedeemedTicket, tx: { home: ScopedTransaction; identity: ScopedTransaction }) => Promise<T>,
): Promise<T> {
  const match = TICKET.exec(ticket);
  if (!match) throw invalidTicket();
  const [, tenantId, expiry, secret] = match as unknown as [string, string, string, string];
  const expiresMs = Number.parseInt(expiry, 36);
  if (!(expiresMs > now.getTime())) throw invalidTicket();
  return identity.transact(async (tx) => {
    const tenant = tx.tenant(tenantId);
    const key = [RECORD, expiresMs, digestOf(secret)];
    const record = await tenant.get<StreamTicketRecord>(key);
    if (!record) throw invalidTicket();
    tenant.clear(key);
    const homeTenantId = record.home_tenant_id ?? tenantId;
    return check(
      { userId: record.user_id, tenantId, homeTenantId, sid: record.sid },
      { home: tx.tenant(homeTenantId), identity: tx.identity },
    );
  });
}
