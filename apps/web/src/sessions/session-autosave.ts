// Saves a session's edits on their own: edits made in quick succession go out as one partial
// update after a pause, always with the version they were made on (`expected_version`), one
// request at a time. Steady editing (typing moves the cursor, which is session state) saves at
// most once per `minIntervalMs` and at least once per `maxWaitMs`, so a person typing all day
// stays far below the per-user rate limit (100 calls a minute by default). When the session changed elsewhere (409 CONFLICT) nothing is overwritten
// until the user picks: reload theirs (dropping these edits) or overwrite with these edits.
import type {
  TUpdatableSessionField,
  TUpdateSessionRequest,
  TUpdateSessionResponse,
  TWorkspaceSession,
} from '@coditect/api/contract';
import { apiErrorCode, describeApiError, formatWait } from '../api/api-error';

export type SessionEdit = Partial<Pick<TUpdateSessionRequest, TUpdatableSessionField>>;

export type AutosaveStatus =
  | { state: 'saved'; version: number }
  | { state: 'pending'; version: number }
  | { state: 'saving'; version: number }
  /** Another tab or client saved first; `fields` are this view's unsaved edits. */
  | { state: 'conflict'; version: number; fields: TUpdatableSessionField[] }
  | { state: 'failed'; version: number; message: string; retrying: boolean };

export type SaveErrorOutcome =
  { kind: 'conflict' } | { kind: 'retry'; afterMs: number; message: string } | { kind: 'failed'; message: string };

export interface SessionAutosaveOptions {
  sessionId: string;
  /** The version of the state the view shows. */
  version: number;
  save: (request: TUpdateSessionRequest) => Promise<TUpdateSessionResponse>;
  load: () => Promise<TWorkspaceSession>;
  /**
   * Called with the state the view should show after "reload" (the server's), or after a quiet
   * rebase (the server's with this view's unsaved `quietFields` on top).
   */
  onReloaded?: (session: TWorkspaceSession) => void;
  /**
   * Called after another writer's save was taken in live (see remoteChanged) with the server's
   * state, this view's unsaved edits on top, and which fields the other writer changed.
   */
  onRemoteChange?: (session: TWorkspaceSession, fields: readonly TUpdatableSessionField[] | 'unknown') => void;
  /**
   * Fields that are this view's own (the open tabs and cursor): a conflict over these alone is
   * settled without asking — the other writer's edits are taken in and these saved on top.
   */
  quietFields?: readonly TUpdatableSessionField[];
  classifyError?: (error: unknown, attempt: number) => SaveErrorOutcome;
  /**
   * Quiet time after the last edit before saving (the `workspace.save_interval` setting); null
   * saves only on flush() (`workspace.auto_save` off).
   */
  debounceMs?: number | null;
  /** Least time between the starts of two saves (flush() excepted). */
  minIntervalMs?: number;
  /** Longest an edit waits while edits keep coming without a pause. */
  maxWaitMs?: number;
}

export const DEFAULT_DEBOUNCE_MS = 800;
/**
 * At most 10 saves a minute while someone types without stopping: 600 an hour, well inside the
 * default per-user limits (100 a minute, 1000 an hour) with room for everything else the IDE asks.
 */
export const DEFAULT_MIN_INTERVAL_MS = 6_000;
export const DEFAULT_MAX_WAIT_MS = 12_000;

export class SessionAutosave {
  private readonly options: SessionAutosaveOptions;
  private readonly classify: (error: unknown, attempt: number) => SaveErrorOutcome;
  private version: number;
  private pending: SessionEdit = {};
  private current: AutosaveStatus;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> | undefined;
  private failedAttempts = 0;
  /** When the oldest edit not yet sent was made, and when the last save started (ms). */
  private firstPendingAt: number | undefined;
  private lastSaveStartedAt = Number.NEGATIVE_INFINITY;
  private disposed = false;
  /** Loading the server's state after a quiet conflict: saves wait for it. */
  private rebasing = false;
  /** A newer version the live channel announced, not taken in yet, and what it changed. */
  private remote: { version: number; fields: Set<TUpdatableSessionField> | 'unknown' } | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(options: SessionAutosaveOptions) {
    this.options = options;
    this.classify = options.classifyError ?? classifySaveError;
    this.version = options.version;
    this.current = { state: 'saved', version: options.version };
  }

  status = (): AutosaveStatus => this.current;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Follows the autosave settings while the session is open (null: save only on flush). */
  setDebounceMs(debounceMs: number | null): void {
    this.options.debounceMs = debounceMs;
    if (debounceMs === null && this.current.state === 'pending') this.clearTimer();
  }

  hasUnsavedChanges(): boolean {
    return this.hasPending() || this.saving !== undefined;
  }

  /** Records an edit (whole top-level fields; a later value of a field replaces an earlier one). */
  edit(change: SessionEdit): void {
    if (this.disposed) return;
    this.firstPendingAt ??= Date.now();
    this.pending = { ...this.pending, ...change };
    if (this.current.state === 'conflict') {
      this.setStatus({ state: 'conflict', version: this.version, fields: this.pendingFields() });
      return;
    }
    // A scheduled retry (e.g. after a 429's wait) will carry this edit; do not send it sooner.
    if (this.current.state === 'failed' && this.current.retrying) return;
    this.scheduleSave();
    if (!this.saving) this.setStatus({ state: 'pending', version: this.version });
  }

  /** Saves what is pending now (leaving the session, closing the tab) and waits until settled. */
  async flush(): Promise<void> {
    while (!this.disposed) {
      this.clearTimer();
      if (this.saving) {
        await this.saving;
        continue;
      }
      if (!this.hasPending() || this.current.state === 'conflict') return;
      await this.startSave();
      if (this.needsUser()) return;
    }
  }

  /** Sends the pending edits again after a failure. */
  retry(): void {
    if (this.current.state === 'failed') this.schedule(0);
  }

  async resolveConflict(choice: 'reload' | 'overwrite'): Promise<void> {
    if (this.current.state !== 'conflict') return;
    const latest = await this.options.load();
    if (this.disposed) return;
    this.version = latest.version;
    if (choice === 'reload') {
      this.pending = {};
      this.setStatus({ state: 'saved', version: this.version });
      this.options.onReloaded?.(latest);
      return;
    }
    this.setStatus({ state: 'pending', version: this.version });
    await this.flush();
  }

  /** A conflict over the view's own fields: take in the server's state, keep these edits, save them. */
  private async rebaseQuietly(): Promise<void> {
    let latest: TWorkspaceSession;
    this.rebasing = true;
    try {
      latest = await this.options.load();
    } catch {
      // Shown as the conflict it is: the person decides.
      this.setStatus({ state: 'conflict', version: this.version, fields: this.pendingFields() });
      return;
    } finally {
      this.rebasing = false;
    }
    if (this.disposed) return;
    this.version = latest.version;
    this.failedAttempts = 0;
    this.options.onReloaded?.({ ...latest, ...this.pending } as TWorkspaceSession);
    this.setStatus({ state: 'pending', version: this.version });
    this.scheduleSave();
  }

  /**
   * The live channel says the server's session is at `version` (another tab or client saved;
   * `fields` is what it changed, unknown after a reconnect). Taken in at once, with this view's
   * unsaved edits kept on top, so the next save carries the new version instead of meeting a 409 —
   * unless an unsaved edit here is to a field the other writer changed: then the save's 409 asks.
   * This view's own saves come back here too and are ignored by their version.
   */
  remoteChanged(version: number, fields?: readonly TUpdatableSessionField[]): void {
    if (this.disposed || version <= this.version) return;
    const known = this.remote?.fields;
    this.remote = {
      version: Math.max(version, this.remote?.version ?? 0),
      fields: !fields || known === 'unknown' ? 'unknown' : new Set([...(known ?? []), ...fields]),
    };
    void this.catchUp();
  }

  private async catchUp(): Promise<void> {
    const remote = this.remote;
    if (!remote || this.disposed) return;
    if (remote.version <= this.version) {
      this.remote = undefined;
      return;
    }
    // Tried again when the save in flight settles (it may be the very change announced).
    if (this.saving || this.rebasing || this.current.state === 'conflict') return;
    if (this.collidesWith(remote.fields)) return;
    this.remote = undefined;
    let latest: TWorkspaceSession;
    this.rebasing = true;
    try {
      latest = await this.options.load();
    } catch {
      // Unknown now: the next save finds out (a 409 asks the person).
      return;
    } finally {
      this.rebasing = false;
    }
    if (this.disposed || latest.version <= this.version || this.saving || this.needsUser()) return;
    this.version = latest.version;
    this.options.onRemoteChange?.(
      { ...latest, ...this.pending } as TWorkspaceSession,
      remote.fields === 'unknown' ? 'unknown' : [...remote.fields],
    );
    if (this.hasPending()) {
      this.setStatus({ state: 'pending', version: this.version });
      if (this.timer === undefined) this.scheduleSave();
    } else {
      this.setStatus({ state: 'saved', version: this.version });
    }
    void this.catchUp();
  }

  /** Whether an unsaved edit here (the view's own fields aside) is to a field the other writer changed. */
  private collidesWith(fields: Set<TUpdatableSessionField> | 'unknown'): boolean {
    const quiet = this.options.quietFields ?? [];
    const mine = this.pendingFields().filter((field) => !quiet.includes(field));
    return mine.length > 0 && (fields === 'unknown' || mine.some((field) => fields.has(field)));
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.listeners.clear();
  }

  /* ------------------------------------------------------------------------------------------ */

  /** After the pause (or the longest wait), but never sooner than the least interval allows. */
  private scheduleSave(): void {
    const debounceMs = this.options.debounceMs === undefined ? DEFAULT_DEBOUNCE_MS : this.options.debounceMs;
    if (debounceMs === null) return;
    const now = Date.now();
    const maxWaitMs = Math.max(debounceMs, this.options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS);
    const due = Math.min(now + debounceMs, (this.firstPendingAt ?? now) + maxWaitMs);
    const allowed = this.lastSaveStartedAt + (this.options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS);
    this.schedule(Math.max(due, allowed) - now);
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.saving && !this.rebasing && this.hasPending()) void this.startSave();
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private startSave(): Promise<void> {
    const sending = this.pending;
    this.pending = {};
    this.firstPendingAt = undefined;
    this.lastSaveStartedAt = Date.now();
    this.setStatus({ state: 'saving', version: this.version });
    this.saving = this.send(sending).finally(() => {
      this.saving = undefined;
      void this.catchUp();
    });
    return this.saving;
  }

  private async send(sending: SessionEdit): Promise<void> {
    let response: TUpdateSessionResponse;
    try {
      response = await this.options.save({ session_id: this.options.sessionId, expected_version: this.version, ...sending });
    } catch (error) {
      if (this.disposed) return;
      // Edits made while this request was out are newer than the ones it carried.
      this.pending = { ...sending, ...this.pending };
      this.firstPendingAt ??= Date.now();
      this.failedAttempts += 1;
      const outcome = this.classify(error, this.failedAttempts);
      if (outcome.kind === 'conflict') {
        this.clearTimer();
        const quiet = this.options.quietFields ?? [];
        if (this.pendingFields().every((field) => quiet.includes(field))) {
          this.setStatus({ state: 'pending', version: this.version });
          void this.rebaseQuietly();
        } else {
          this.setStatus({ state: 'conflict', version: this.version, fields: this.pendingFields() });
        }
      } else if (outcome.kind === 'retry') {
        this.setStatus({ state: 'failed', version: this.version, message: outcome.message, retrying: true });
        this.schedule(outcome.afterMs);
      } else {
        this.clearTimer();
        this.setStatus({ state: 'failed', version: this.version, message: outcome.message, retrying: false });
      }
      return;
    }
    if (this.disposed) return;
    this.failedAttempts = 0;
    this.version = response.version;
    if (!this.hasPending()) {
      this.setStatus({ state: 'saved', version: this.version });
    } else {
      this.setStatus({ state: 'pending', version: this.version });
      // Edits arrived during the request; their debounce timer may already have fired.
      if (this.timer === undefined) this.scheduleSave();
    }
  }

  /** Failed or conflicted: saving again waits for a retry or the user's choice. */
  private needsUser(): boolean {
    return this.current.state === 'failed' || this.current.state === 'conflict';
  }

  private hasPending(): boolean {
    return Object.keys(this.pending).length > 0;
  }

  private pendingFields(): TUpdatableSessionField[] {
    return Object.keys(this.pending) as TUpdatableSessionField[];
  }

  private setStatus(status: AutosaveStatus): void {
    this.current = status;
    for (const listener of this.listeners) listener();
  }
}

const MAX_BACKOFF_MS = 30_000;

/** 409 → ask the user; 429 → wait as told; unreachable/busy → back off and retry; else stop and show. */
export function classifySaveError(error: unknown, attempt: number): SaveErrorOutcome {
  const failure = describeApiError(error);
  switch (apiErrorCode(error)) {
    case 'CONFLICT':
      return { kind: 'conflict' };
    case 'RATE_LIMIT_EXCEEDED':
      return {
        kind: 'retry',
        afterMs: (failure.retryAfterSeconds ?? 5) * 1000,
        message: `the server asked to slow down; saving again in ${formatWait(failure.retryAfterSeconds ?? 5)}`,
      };
    case 'NETWORK_ERROR':
    case 'SERVICE_UNAVAILABLE':
    case 'INTERNAL_ERROR':
      return { kind: 'retry', afterMs: Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (attempt - 1)), message: failure.message };
    default:
      return { kind: 'failed', message: failure.message };
  }
}
