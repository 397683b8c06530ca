// Watches one test server for leaked secrets: every password the server hashed or checked, every
// token it issued, every Argon2 hash in its store and the JWT secret must appear in none of its
// audit entries and none of its log lines (the logger runs at trace level into memory, and failed
// audit writes are captured the same way). Every test server of the suite is checked when it
// closes, so the whole suite's traffic is covered.
import { Writable } from 'node:stream';
import { scopeTransaction, type KvStore } from '@coditect/store';
import { identitySpace, type ApiDependencies } from '@coditect/api';
import { createLogger, type Logger } from '../../src/logger';
import { readAllAuditEntries } from './audit-trail';

/** Shorter strings ("x", "demo") would match innocent text; real passwords are at least 8. */
const MIN_PASSWORD_LENGTH = 8;

export class SecretWatch {
  readonly lines: string[] = [];
  readonly logger: Logger;
  private readonly secrets = new Map<string, string>();

  constructor(jwtSecret: string) {
    const lines = this.lines;
    this.logger = createLogger(
      'trace',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
          done();
        },
      }),
    );
    this.add('the JWT secret', jwtSecret);
  }

  /** Where failed audit writes are reported (instead of stderr). */
  readonly reportAuditFailure = (error: unknown, lostEntries: number): void => {
    this.lines.push(JSON.stringify({ msg: 'audit write failed', lost_entries: lostEntries, error: String(error) }));
  };

  add(kind: string, secret: string): void {
    if (secret.length >= MIN_PASSWORD_LENGTH) this.secrets.set(secret, kind);
  }

  /** Records the plaintexts the hasher sees and the tokens the token service issues. */
  watch(deps: ApiDependencies): void {
    const { passwords, tokens } = deps;
    const hash = passwords.hash.bind(passwords);
    const verify = passwords.verify.bind(passwords);
    const verifyNothing = passwords.verifyNothing.bind(passwords);
    passwords.hash = (password) => (this.add('a password', password), hash(password));
    passwords.verify = (passwordHash, password) => (this.add('a password', password), verify(passwordHash, password));
    passwords.verifyNothing = (password) => (this.add('a password', password), verifyNothing(password));
    const issuePair = tokens.issuePair.bind(tokens);
    tokens.issuePair = async (subject, refreshJti, refreshExpiresAt) => {
      const issued = await issuePair(subject, refreshJti, refreshExpiresAt);
      this.add('an access token', issued.tokens.access_token);
      this.add('a refresh token', issued.tokens.refresh_token);
      return issued;
    };
  }

  /** Throws naming what leaked where (never the secret itself). */
  async assertNoLeaks(store: KvStore): Promise<{ entries: number; lines: number; secrets: number }> {
    const users = await store.transact((tx) =>
      scopeTransaction(tx, identitySpace).getRange<{ password_hash?: string }>(['user']),
    );
    for (const user of users) if (user.value.password_hash) this.add('an Argon2 hash', user.value.password_hash);
    const entries = await readAllAuditEntries(store);
    const leaks: string[] = [];
    const scan = (where: string, text: string) => {
      for (const [secret, kind] of this.secrets) if (text.includes(secret)) leaks.push(`${kind} in ${where}`);
      if (/\$argon2(id|i|d)\$/.test(text)) leaks.push(`an Argon2 hash in ${where}`);
    };
    entries.forEach((entry) =>
      scan(`audit entry ${entry.tenant_id}#${entry.sequence} (${entry.event_type})`, JSON.stringify(entry)),
    );
    this.lines.forEach((line, index) => scan(`log line ${index + 1}`, line));
    if (leaks.length > 0) throw new Error(`Secrets leaked: ${[...new Set(leaks)].join('; ')}`);
    return { entries: entries.length, lines: this.lines.length, secrets: this.secrets.size };
  }
}
