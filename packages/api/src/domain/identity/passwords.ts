// Argon2id password hashing (OWASP: m=19456 KiB, t=2, p=1), off the event loop (libuv threads).
// Passwords are NFC-normalised the same way on register, login and change, and never truncated.
// At most as many hashes run at once as there are cores, with a short queue behind them: past it a
// sign-in is refused at once (503 with Retry-After) instead of piling CPU work up behind a flood.
import { hash, verify, type Options } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { AppError } from '../../errors/app-error';

/** `Algorithm.Argon2id` — the binding declares it as a const enum, which isolated modules cannot read. */
const ARGON2ID = 2 as Options['algorithm'];

export const ARGON2_OPTIONS: Options = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** Spends the time of one verification, for accounts that do not exist. */
  verifyNothing(password: string): Promise<void>;
}

export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

export interface PasswordHasherOptions {
  /** Hashes computed at once (default: the number of cores). */
  maxConcurrent?: number;
  /** Hashes waiting for a turn before more are refused (default: 8 per core). */
  maxQueued?: number;
}

export async function createPasswordHasher(options: PasswordHasherOptions = {}): Promise<PasswordHasher> {
  const cores = availableParallelism();
  const slots = new HashSlots(options.maxConcurrent ?? cores, options.maxQueued ?? 8 * cores);
  const dummyHash = await hash(randomBytes(32).toString('base64url'), ARGON2_OPTIONS);
  return {
    hash: (password) => slots.run(() => hash(normalizePassword(password), ARGON2_OPTIONS)),
    verify: (passwordHash, password) => slots.run(() => verify(passwordHash, normalizePassword(password)).catch(() => false)),
    verifyNothing: async (password) => {
      await slots.run(() => verify(dummyHash, normalizePassword(password)).catch(() => false));
    },
  };
}

class HashSlots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueued: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxConcurrent) {
      if (this.waiting.length >= this.maxQueued) {
        throw new AppError('SERVICE_UNAVAILABLE', 'Too many sign-ins at once; try again in a moment', undefined, 1);
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
