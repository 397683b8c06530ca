// Who follows a session on the live channel (presence frames name each user once, however many
// tabs), and how processes combine theirs: through the cluster primary (cluster-live.ts) or, with
// REDIS_URL, through Redis for every process of every machine (redis-presence.ts).

/** Someone following a session on the live channel. */
export interface PresentUser {
  user_id: string;
  full_name: string;
}

/** Who follows a session now, for presence frames. */
export type PresenceListener = (users: PresentUser[]) => void;

/** Followers of sessions across processes: each process shares its own, gets back everyone's. */
export interface PresenceSharing {
  share(tenantId: string, sessionId: string, users: PresentUser[]): void;
  onPresence(receiver: (tenantId: string, sessionId: string, users: PresentUser[]) => void): void;
  /** Takes this process's followers out of the shared lists and stops sharing (at shutdown). */
  withdraw?(): Promise<void>;
}
