// Rejected credentials, counted instead of recorded one by one: anyone can send a bad token, so
// one entry per refusal would let a flood grow the trail without bound. Refusals are tallied per
// client address, reason and credential kind over a window; each tally becomes one entry in the
// system trail (the token's own tenant is unverified). A bounded number of tallies: past it,
// further sources share one "other addresses" tally.
import { ERROR_STATUS } from '../../contract/error-codes';
import type { AuditEntryDraft } from './audit-chain';
import type { RejectedCredential } from './audit-observation';
import { SYSTEM_AUDIT_TENANT } from './audit-repository';

const MAX_TALLIES = 1000;
const OTHER_ADDRESSES = 'other addresses';

interface Tally {
  ip: string;
  reason: RejectedCredential['reason'];
  credential: RejectedCredential['credential'];
  count: number;
  firstMs: number;
  lastMs: number;
}

export class RejectionTally {
  private tallies = new Map<string, Tally>();

  add(rejection: RejectedCredential): void {
    let ip = rejection.ip.slice(0, 64);
    let key = `${ip}\0${rejection.reason}\0${rejection.credential}`;
    if (!this.tallies.has(key) && this.tallies.size >= MAX_TALLIES) {
      ip = OTHER_ADDRESSES;
      key = `${ip}\0${rejection.reason}\0${rejection.credential}`;
    }
    const tally = this.tallies.get(key);
    if (tally) {
      tally.count += 1;
      tally.lastMs = Math.max(tally.lastMs, rejection.atMs);
    } else {
      this.tallies.set(key, {
        ip,
        reason: rejection.reason,
        credential: rejection.credential,
        count: 1,
        firstMs: rejection.atMs,
        lastMs: rejection.atMs,
      });
    }
  }

  get isEmpty(): boolean {
    return this.tallies.size === 0;
  }

  /** One draft per tally since the last call, and a fresh start. */
  takeDrafts(): AuditEntryDraft[] {
    const drafts = [...this.tallies.values()].map((tally): AuditEntryDraft => ({
      tenant_id: SYSTEM_AUDIT_TENANT,
      user_id: null,
      event_type: 'auth.credential_rejected',
      endpoint: '',
      method: '',
      status_code: ERROR_STATUS[tally.reason],
      error_code: tally.reason,
      ip_address: tally.ip === OTHER_ADDRESSES ? null : tally.ip,
      user_agent: null,
      request_body: null,
      response_time_ms: 0,
      request_id: `rejected-${tally.firstMs.toString(36)}-${tally.count}`,
      procedure: '',
      details: {
        credential: tally.credential,
        count: tally.count,
        first_at: new Date(tally.firstMs).toISOString(),
        last_at: new Date(tally.lastMs).toISOString(),
        ...(tally.ip === OTHER_ADDRESSES ? { addresses: 'several (too many to count apart)' } : {}),
      },
      created_at: new Date(tally.lastMs).toISOString(),
    }));
    this.tallies = new Map();
    return drafts;
  }
}
