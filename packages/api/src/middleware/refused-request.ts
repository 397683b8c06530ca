// A request refused before any procedure ran — an unknown route or procedure, a wrong method, an
// unreadable or oversized body — is still an authenticated request when its credentials are good,
// and every authenticated request is in the trail. Called by the transports after answering, so
// checking the credentials costs the refused caller nothing in latency.
import type { AppError } from '../errors/app-error';
import type { ApiContext } from '../context';
import { authenticate, noteRejectedCredential } from './authentication';
import { observeCall } from './call-audit';

export async function auditRefusedRequest(ctx: ApiContext, error: AppError, procedure = ''): Promise<void> {
  const { deps, request } = ctx;
  if (request.authorization === undefined && request.apiKey === undefined) return;
  // Who is asking, not what they may do: any live key or session identifies its owner.
  const identity = await authenticate(deps, request, { type: 'query', access: undefined }).catch((error: unknown) => {
    // Tallied, not recorded one by one: anyone could fill the trail with bad credentials.
    noteRejectedCredential(deps.audit, request, error, deps.now);
    return undefined;
  });
  if (!identity) return;
  const observation = observeCall({
    request,
    identity,
    procedure,
    type: 'request',
    meta: undefined,
    getRawInput: () => Promise.resolve(undefined),
    result: { ok: false, error },
    now: deps.now,
  });
  if (observation) deps.audit.record(observation);
}
