// What every procedure receives: the process-wide dependencies (built once by the server), what
// the transport knows about the request, and — from the audit middleware on — the call's own
// state. Handlers never see the raw store: anonymous ones get the identity scope, signed-in ones
// their tenant's handle (see procedure.ts).
import type { KvStore } from '@coditect/store';
import type { TDependencyStatus } from './contract/health';
import type { AuditTrail } from './domain/audit/audit-observation';
import type { AuditSeal } from './domain/audit/audit-checkpoints';
import type { AuthIdentity, IdentityDeps } from './domain/identity/identity-context';
import type { Workspaces } from './domain/files/workspaces';
import type { SessionTerminals } from './domain/terminals/session-terminals';
import type { LiveEvents } from './domain/events/live-events';
import type { TaskRuns } from './domain/tasks/task-runs';
import type { TaskCommands } from './domain/tasks/tools/command-tool';
import type { TokenBudgets } from './domain/usage/token-budget';
import type { ChatLimits } from './domain/llm/chat-service';
import type { ProviderDirectory } from './domain/llm/provider-directory';
import type { ProviderKeys } from './domain/llm/provider-keys';
import type { RateLimitGate, RateLimitWindowStatus } from './domain/rate-limits/rate-limit-gate';
import type { SignInProviders } from './domain/sign-in-providers/sign-in-provider';
import { createIdentityScope, type IdentityScope } from './storage/identity-scope';
import type { TenantScope } from './storage/tenant-scope';

export type DependencyStatus = TDependencyStatus;

/** What services may use: the process's dependencies without any way to address raw keys. */
export interface ServiceDependencies extends IdentityDeps {
  version: string;
  startedAt: number;
  /** Reports the store's health for readiness. */
  checkStore: () => Promise<DependencyStatus>;
  /** Reports Redis health for readiness; absent when Redis is not configured. */
  checkRedis?: () => Promise<DependencyStatus>;
  /** The model providers (the server's and each tenant's) chat turns, tasks and model lists go to. */
  providers: ProviderDirectory;
  /** Seals tenant providers' API keys at rest. */
  providerKeys: ProviderKeys;
  rateLimits: RateLimitGate;
  /** Other identity providers users may sign in with (none configured: an empty list). */
  signInProviders: SignInProviders;
  audit: AuditTrail;
  /** The audit chain's key and checkpoints (for verifying a tenant's trail). */
  auditSeal: AuditSeal;
  /** The workspace trees of sessions (their files). */
  workspaces: Workspaces;
  /** The machine's terminals; absent when turned off or when the sandbox does not work here. */
  terminals?: SessionTerminals;
  /** The live channel's bus (session.updated, file.*, terminal.exited). */
  events?: LiveEvents;
  /** Runs agent tasks in this process; absent where tasks are not served. */
  tasks?: TaskRuns;
  /** Where commands run (execute_command); absent when the sandbox is. */
  commands?: TaskCommands;
  /** Daily model-token budgets (chat and agent tasks); absent: unlimited. */
  tokenBudgets?: TokenBudgets;
  /** Caps on what a chat turn may ask of the model; absent: the contract's own bounds. */
  chatLimits?: ChatLimits;
}

/** Built once per process by the server and shared by every request. */
export interface ApiDependencies extends ServiceDependencies {
  /** For infrastructure only (audit writer, consistency checks); never reaches a handler. */
  store: KvStore;
  /** For anonymous operations and the authentication middleware. */
  identity: IdentityScope;
}

export type ApiDependencyParts = Omit<ApiDependencies, 'identity' | 'checkStore'>;

/** The process's dependencies, with the scopes and checks derived from the store. */
export function createApiDependencies<T extends ApiDependencyParts>(parts: T): T & ApiDependencies {
  const { store } = parts;
  return Object.assign(parts, {
    identity: createIdentityScope(store),
    checkStore: () =>
      store.ping().then(
        (): DependencyStatus => 'ok',
        (): DependencyStatus => 'unavailable',
      ),
  });
}

const serviceViews = new WeakMap<ApiDependencies, ServiceDependencies>();

/** `deps` without the store and the identity scope, made once per dependencies object. */
export function serviceDependencies(deps: ApiDependencies): ServiceDependencies {
  let view = serviceViews.get(deps);
  if (!view) {
    const { store: _store, identity: _identity, ...rest } = deps;
    view = rest;
    serviceViews.set(deps, view);
  }
  return view;
}

/**
 * What the transport knows about the request. One per HTTP request: the calls of a tRPC batch
 * share it, so it holds nothing that belongs to one call (see CallState).
 */
export interface RequestInfo {
  requestId: string;
  ip: string;
  userAgent: string | undefined;
  /** `Bearer <token>`: the Authorization header. */
  authorization: string | undefined;
  /** The X-API-Key header (an API key may also come as `Authorization: Bearer cdk_...`). */
  apiKey?: string | undefined;
  /** An SSE subscription's `connectionParams.ticket` (a browser's EventSource cannot send headers). */
  streamTicket?: string | undefined;
  /** The URL carried `connectionParams.token`, which is refused. */
  tokenInUrl?: boolean;
  /** HTTP method and URL path (no query string), for the audit trail. */
  method: string;
  path: string;
  /** `performance.now()` when the request arrived. */
  receivedAt: number;
  /**
   * The transport hands procedures raw request bodies and sends streamed answers (the REST shim);
   * operations declaring `rest.rawBody` or `rest.streamed` are refused elsewhere.
   */
  byteStreams?: boolean;
  /**
   * The rate-limit window closest to refusing this request, over all its calls; the transport
   * turns it into headers.
   */
  rateLimit?: RateLimitWindowStatus;
  /** Signed-in mutations of this request so far (numbers their audit outbox records). */
  calls?: number;
  /**
   * The tenant and user the request's credentials authenticated (the same for every call of a
   * batch): for a transport that keeps the request open after the call (an event stream).
   */
  caller?: { tenantId: string; userId: string };
}

/**
 * What one procedure call learns about itself while it runs, for the audit middleware that
 * started it. Each call has its own, so nothing one call of a batch sets reaches another's entry
 * (a failed login beside a protected call must not be audited as that call's caller).
 */
export interface CallState {
  /** Set once the caller is authenticated. */
  identity: AuthIdentity | undefined;
  /** A signed-in mutation's audit outbox record id (its entry commits with its changes). */
  outboxId?: string;
  /** An anonymous call's audit subject, learned by its handler (a password reset's token names the user). */
  subject?: { tenantId: string; userId: string };
}

/** What the transport builds for each request. */
export interface ApiContext {
  deps: ApiDependencies;
  request: RequestInfo;
}

/** An anonymous operation's context (register, sign-in, refresh, health). */
export interface PublicContext {
  deps: ServiceDependencies;
  request: RequestInfo;
  call: CallState;
  identity: IdentityScope;
}

/** A signed-in caller's context: who, and the handle to their tenant's data — nothing wider. */
export interface SignedInContext {
  deps: ServiceDependencies;
  request: RequestInfo;
  call: CallState;
  auth: AuthIdentity;
  tenant: TenantScope;
  /** The caller's self-tenant, where their auth sessions live (the same handle as `tenant` there). */
  home: TenantScope;
  /** A handle to any tenant the caller is a member of (checked in each of its transactions). */
  tenantOf: (tenantId: string) => TenantScope;
}
