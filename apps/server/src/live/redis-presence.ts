// Presence through Redis (REDIS_URL): who follows a session, whichever process or machine their
// tabs are on. Each process keeps its own followers of a session in one field of the session's
// hash (with the time it stops counting) and announces the change; every process following that
// session reads the hash and tells its tabs the merged list. Fields are refreshed while their
// followers stay, so the followers of a process that died without a word drop out within the TTL.
// While Redis is away a process tells its tabs its own followers only, and says so once.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { PresenceSharing, PresentUser } from './presence';
import { sessionKey } from './tree-watching';

const CHANNEL = 'coditect:presence';
const hashKey = (session: string) => `coditect:presence:${session}`;

export interface RedisPresenceOptions {
  /** How long a process's followers count without a refresh (default 30 s; refreshed at a third of it). */
  ttlMs?: number;
}

type Receiver = (tenantId: string, sessionId: string, users: PresentUser[]) => void;

interface Field {
  users: PresentUser[];
  /** Epoch ms after which the entry no longer counts (its process stopped refreshing it). */
  until: number;
}

export class RedisPresence implements PresenceSharing {
  /** This process's field in every session hash. */
  private readonly processId = randomUUID();
  private receiver: Receiver = () => {};
  /** The sessions this process has followers of, and who they are. */
  private readonly mine = new Map<string, PresentUser[]>();
  /** What each session's followers here were last told, so an unchanged list is not sent again. */
  private readonly told = new Map<string, string>();
  private readonly ttlMs: number;
  private readonly refresher: NodeJS.Timeout;
  private failing = false;

  private constructor(
    private readonly client: Redis,
    private readonly subscriber: Redis,
    private readonly logger: Logger,
    options: RedisPresenceOptions,
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    subscriber.on('message', (channel: string, session: string) => {
      if (channel === CHANNEL && this.mine.has(session)) void this.tell(session);
    });
    this.refresher = setInterval(() => this.refresh(), Math.max(50, Math.floor(this.ttlMs / 3))).unref();
  }

  /** Subscribes on a connection of its own (a subscribed connection can do nothing else). */
  static async open(client: Redis, logger: Logger, options: RedisPresenceOptions = {}): Promise<RedisPresence> {
    const subscriber = client.duplicate({
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      commandTimeout: undefined,
      lazyConnect: false,
    });
    subscriber.on('error', () => undefined); // the shared connection reports Redis's state
    const presence = new RedisPresence(client, subscriber, logger, options);
    await Promise.race([subscriber.subscribe(CHANNEL), new Promise((resolve) => setTimeout(resolve, 3000).unref())]).catch(
      () => undefined,
    );
    return presence;
  }

  share(tenantId: string, sessionId: string, users: PresentUser[]): void {
    const session = sessionKey(tenantId, sessionId);
    // A tab that just joined is told even when the list is what the others were told already.
    this.told.delete(session);
    if (users.length > 0) this.mine.set(session, users);
    else this.mine.delete(session);
    void this.write(session, users).then((written) => {
      if (!written) this.deliver(session, users);
    });
  }

  onPresence(receiver: Receiver): void {
    this.receiver = receiver;
  }

  /** Takes this process's followers out of every session and stops listening. */
  async withdraw(): Promise<void> {
    clearInterval(this.refresher);
    const sessions = [...this.mine.keys()];
    this.mine.clear();
    await Promise.all(sessions.map((session) => this.write(session, [])));
    this.subscriber.disconnect();
  }

  /** Stores this process's followers of the session (none: removes its field) and announces it. */
  private async write(session: string, users: PresentUser[]): Promise<boolean> {
    const key = hashKey(session);
    const transaction = this.client.multi();
    if (users.length > 0) {
      const field: Field = { users, until: Date.now() + this.ttlMs };
      transaction.hset(key, this.processId, JSON.stringify(field)).pexpire(key, this.ttlMs * 2);
    } else {
      transaction.hdel(key, this.processId);
    }
    try {
      await transaction.publish(CHANNEL, session).exec();
      if (this.failing) this.logger.info('Redis is back: presence is shared again');
      this.failing = false;
      return true;
    } catch (error) {
      if (!this.failing) {
        this.logger.warn(
          { err: { message: (error as Error).message } },
          'Redis unavailable: presence shows only the followers connected to the same process',
        );
      }
      this.failing = true;
      return false;
    }
  }

  /** Tells this process's followers of the session who follows it anywhere. */
  private async tell(session: string): Promise<void> {
    let fields: Record<string, string>;
    try {
      fields = await this.client.hgetall(hashKey(session));
    } catch {
      return this.deliver(session, this.mine.get(session) ?? []);
    }
    const now = Date.now();
    const everyone = new Map<string, PresentUser>();
    for (const text of Object.values(fields)) {
      const field = parseField(text);
      if (field && field.until > now) for (const user of field.users) everyone.set(user.user_id, user);
    }
    // Ours count even if the hash lost them (Redis restarted): the next refresh writes them back.
    for (const user of this.mine.get(session) ?? []) everyone.set(user.user_id, user);
    this.deliver(session, [...everyone.values()]);
  }

  private deliver(session: string, users: PresentUser[]): void {
    if (!this.mine.has(session) && users.length > 0) return; // no follower here any more
    const sorted = [...users].sort((a, b) => a.full_name.localeCompare(b.full_name));
    const text = JSON.stringify(sorted);
    if (this.told.get(session) === text) return;
    if (this.mine.has(session)) this.told.set(session, text);
    const slash = session.indexOf('/');
    this.receiver(session.slice(0, slash), session.slice(slash + 1), sorted);
  }

  /** Keeps this process's fields alive, and notices followers of processes that stopped refreshing. */
  private refresh(): void {
    for (const [session, users] of this.mine) {
      void this.write(session, users).then((written) => (written ? undefined : this.deliver(session, users)));
    }
  }
}

function parseField(text: string): Field | undefined {
  try {
    const field = JSON.parse(text) as Partial<Field>;
    if (typeof field.until !== 'number' || !Array.isArray(field.users)) return undefined;
    const users = field.users.filter(
      (user): user is PresentUser => typeof user?.user_id === 'string' && typeof user.full_name === 'string',
    );
    return { users, until: field.until };
  } catch {
    return undefined;
  }
}
