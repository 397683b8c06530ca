// The HS256 secret: JWT_SECRET when set; otherwise (development and tests only — config refuses
// production without it) a random one generated once and kept in the data directory.
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, type Config } from './config';
import type { Logger } from './logger';

const MIN_BYTES = 32;

interface StoredSecret {
  secret: string;
  /** True when this process generated it just now. */
  generated: boolean;
}

/** The stored secret, or undefined when there is none yet. A short one is refused, never replaced. */
async function readStoredSecret(file: string): Promise<StoredSecret | undefined> {
  let stored: string;
  try {
    stored = (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // Other processes on this data directory may already sign with it, so it is not ours to
  // overwrite; and the file only ever appears complete (see below), so short means tampered with.
  if (Buffer.byteLength(stored) < MIN_BYTES) {
    throw new ConfigError(
      `Invalid configuration: the development JWT secret in ${file} must be at least ${MIN_BYTES} bytes long (delete the file to generate a new one, or set JWT_SECRET)`,
    );
  }
  return { secret: stored, generated: false };
}

export async function resolveJwtSecret(config: Config, logger: Logger): Promise<Uint8Array> {
  if (config.JWT_SECRET) return new TextEncoder().encode(config.JWT_SECRET);
  const file = join(config.DATA_DIR, 'jwt-secret');
  const stored = (await readStoredSecret(file)) ?? (await storeNewSecret(config.DATA_DIR, file));
  logger.warn(
    { file },
    stored.generated
      ? 'JWT_SECRET is not set: generated a development secret and kept it in the data directory'
      : 'JWT_SECRET is not set: using the development secret kept in the data directory',
  );
  return new TextEncoder().encode(stored.secret);
}

/** Generates a secret and stores it, unless another process (a sibling server) stored one first. */
async function storeNewSecret(dataDir: string, file: string): Promise<StoredSecret> {
  const generated = randomBytes(48).toString('base64url');
  await mkdir(dataDir, { recursive: true });
  // Written aside, then linked into place: the file appears with its whole contents or not at all,
  // and link fails with EEXIST if another process got there first.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(draft, `${generated}\n`, { mode: 0o600 });
  try {
    await link(draft, file);
    return { secret: generated, generated: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const theirs = await readStoredSecret(file);
    if (theirs === undefined) throw error;
    return theirs;
  } finally {
    await unlink(draft);
  }
}
