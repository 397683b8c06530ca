// The HS256 secret: JWT_SECRET when set; otherwise (development and tests only — config refuses
// production without it) a random one generated once and kept in the data directory.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from './config';
import type { Logger } from './logger';

const MIN_BYTES = 32;

export async function resolveJwtSecret(config: Config, logger: Logger): Promise<Uint8Array> {
  if (config.JWT_SECRET) return new TextEncoder().encode(config.JWT_SECRET);
  const file = join(config.DATA_DIR, 'jwt-secret');
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (Buffer.byteLength(stored) >= MIN_BYTES) return new TextEncoder().encode(stored);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const generated = randomBytes(48).toString('base64url');
  await mkdir(config.DATA_DIR, { recursive: true });
  try {
    // 'wx': if another process (a sibling worker) created it first, use theirs.
    await writeFile(file, `${generated}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return new TextEncoder().encode((await readFile(file, 'utf8')).trim());
  }
  logger.warn({ file }, 'JWT_SECRET is not set: generated a development secret and kept it in the data directory');
  return new TextEncoder().encode(generated);
}
