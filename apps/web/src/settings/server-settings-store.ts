// The user's settings, kept on the server (settings.getAll/set/delete). A change applies at once
// (the snapshot changes synchronously) and is written behind it, after a short pause, the latest
// value per setting, one request at a time. This browser's copy paints the first frame and
// follows every change, so a reload never flashes the default theme and other tabs follow.
import type { JsonValue, TSettingCategory, TSettingsByCategory } from '@coditect/api/contract';
import type { SettingChange, SettingsCache } from './settings-cache';

export interface SettingsStore {
  /** The same object until something changes (for useSyncExternalStore). */
  read(): TSettingsByCategory;
  set(category: TSettingCategory, key: string, value: JsonValue): void;
  /** Back to the default (the stored value is deleted). */
  reset(category: TSettingCategory, key: string): void;
  subscribe(listener: () => void): () => void;
}

/** The three settings procedures, as the typed client offers them. */
export interface SettingsRemote {
  getAll(): Promise<TSettingsByCategory>;
  set(category: TSettingCategory, key: string, value: JsonValue): Promise<unknown>;
  /** Resolves when the setting is gone, including when it was not there. */
  remove(category: TSettingCategory, key: string): Promise<unknown>;
}

export type SettingsSyncStatus =
  /** Showing this browser's copy; the server has not answered yet. */
  | { state: 'loading' }
  | { state: 'saving' }
  | { state: 'saved' }
  /** `load`: the server's settings could not be read (this browser's copy shows). */
  | { state: 'failed'; during: 'load' | 'save'; message: string };

export interface ServerSettingsStoreOptions {
  remote: SettingsRemote;
  cache: SettingsCache;
  describeError: (error: unknown) => string;
  /** Quiet time after a change before it is written (typing "14" into a number field is two changes). */
  debounceMs?: number;
}

export class ServerSettingsStore implements SettingsStore {
  private readonly remote: SettingsRemote;
  private readonly cache: SettingsCache;
  private readonly describeError: (error: unknown) => string;
  private readonly debounceMs: number;
  /** What the server holds, as far as this tab knows. */
  private confirmed: TSettingsByCategory;
  private readonly pending = new Map<string, SettingChange>();
  private snapshot: TSettingsByCategory;
  private current: SettingsSyncStatus = { state: 'loading' };
  private loaded = false;
  private loadFailure: string | null = null;
  private writeFailure: string | null = null;
  private writing: Promise<void> | undefined;
  private inFlight = false;
  /** Counts completed writes, so a read that raced one is not trusted. */
  private writeEpoch = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();
  private stopCache: (() => void) | undefined;

  constructor(options: ServerSettingsStoreOptions) {
    this.remote = options.remote;
    this.cache = options.cache;
    this.describeError = options.describeError;
    this.debounceMs = options.debounceMs ?? 300;
    this.confirmed = this.cache.read();
    this.snapshot = this.confirmed;
    // Changes a previous page made and did not get to send (it was reloaded or closed): send them now.
    for (const change of this.cache.readUnsent()) this.pending.set(changeId(change), change);
  }

  read = (): TSettingsByCategory => this.snapshot;

  status = (): SettingsSyncStatus => this.current;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set = (category: TSettingCategory, key: string, value: JsonValue): void => this.change({ category, key, value });

  reset = (category: TSettingCategory, key: string): void => this.change({ category, key });

  /** Reads the server's settings and follows other tabs; the returned function stops following and sends what is pending. */
  start(): () => void {
    this.stopCache ??= this.cache.subscribe((settings) => {
      // Another tab's change (it writes it to the server itself).
      this.confirmed = settings;
      this.recompute({ writeCache: false });
    });
    void this.load();
    if (this.pending.size > 0) void this.flush();
    return () => {
      this.stopCache?.();
      this.stopCache = undefined;
      void this.flush();
    };
  }

  /** The server's settings replace this tab's (changes not yet written stay on top). */
  async load(): Promise<void> {
    const epoch = this.writeEpoch;
    let server: TSettingsByCategory;
    try {
      server = await this.remote.getAll();
    } catch (error) {
      this.loadFailure = this.describeError(error);
      this.emit(false);
      return;
    }
    // A write finished while the read was out: the read may predate it.
    if (epoch !== this.writeEpoch) return this.load();
    this.loaded = true;
    this.loadFailure = null;
    this.confirmed = server;
    this.recompute({ writeCache: true });
  }

  /** Writes what is pending now; resolves when nothing is (or a write failed). */
  flush(): Promise<void> {
    this.clearTimer();
    this.writing ??= this.writePending().finally(() => {
      this.writing = undefined;
    });
    return this.writing;
  }

  /** After a failure: reads again when the read failed, writes again when a write did. */
  retry(): void {
    if (this.writeFailure !== null || this.pending.size > 0) void this.flush();
    if (this.loadFailure !== null) void this.load();
  }

  private change(change: SettingChange): void {
    this.pending.set(changeId(change), change);
    this.cache.writeUnsent([...this.pending.values()]);
    this.writeFailure = null;
    this.recompute({ writeCache: true });
    this.clearTimer();
    this.timer = setTimeout(() => void this.flush(), this.debounceMs);
  }

  private async writePending(): Promise<void> {
    this.inFlight = true;
    this.writeFailure = null;
    try {
      for (let next = this.pending.entries().next(); !next.done; next = this.pending.entries().next()) {
        const [id, change] = next.value;
        this.emit(false);
        try {
          if (change.value === undefined) await this.remote.remove(change.category, change.key);
          else await this.remote.set(change.category, change.key, change.value);
        } catch (error) {
          this.writeFailure = this.describeError(error);
          return;
        }
        this.writeEpoch += 1;
        this.confirmed = applyChange(this.confirmed, change);
        // A newer value of the same setting may have come in meanwhile: it goes next.
        if (this.pending.get(id) === change) this.pending.delete(id);
        this.cache.writeUnsent([...this.pending.values()]);
      }
    } finally {
      this.inFlight = false;
      this.recompute({ writeCache: true });
    }
  }

  /** The snapshot: the server's settings with the changes not yet written on top. */
  private recompute({ writeCache }: { writeCache: boolean }): void {
    let next = this.confirmed;
    for (const change of this.pending.values()) next = applyChange(next, change);
    const changed = JSON.stringify(next) !== JSON.stringify(this.snapshot);
    if (changed) {
      this.snapshot = next;
      if (writeCache) this.cache.write(next);
    }
    this.emit(changed);
  }

  /** Tells the listeners when the snapshot or the status changed (each keeps its identity otherwise). */
  private emit(snapshotChanged: boolean): void {
    const status = this.computeStatus();
    const statusChanged = JSON.stringify(status) !== JSON.stringify(this.current);
    if (statusChanged) this.current = status;
    if (!snapshotChanged && !statusChanged) return;
    for (const listener of this.listeners) listener();
  }

  private computeStatus(): SettingsSyncStatus {
    if (this.writeFailure !== null) return { state: 'failed', during: 'save', message: this.writeFailure };
    if (this.pending.size > 0 || this.inFlight) return { state: 'saving' };
    if (this.loadFailure !== null) return { state: 'failed', during: 'load', message: this.loadFailure };
    return this.loaded ? { state: 'saved' } : { state: 'loading' };
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function changeId({ category, key }: SettingChange): string {
  return `${category}\u0000${key}`;
}

function applyChange(settings: TSettingsByCategory, { category, key, value }: SettingChange): TSettingsByCategory {
  const { [key]: _previous, ...rest } = settings[category] ?? {};
  return { ...settings, [category]: value === undefined ? rest : { ...rest, [key]: value } };
}
