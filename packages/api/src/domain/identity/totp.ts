// TOTP (RFC 6238) as authenticator apps speak it: SHA-1, 6 digits, 30-second steps (otpauth).
import { Secret, TOTP } from 'otpauth';

const ISSUER = 'Coditect';
const PERIOD_SECONDS = 30;

/** A fresh 160-bit seed, base32 (what a user types when they cannot scan the QR code). */
export function newSeed(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(seed: string, account: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: account,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(seed),
  });
}

/** The `otpauth://totp/...` URL the QR code carries. */
export function otpauthUrl(seed: string, account: string): string {
  return totp(seed, account).toString();
}

/**
 * The time step `code` belongs to when it is valid at `now` — the current step or one either side,
 * for clocks that drift — else undefined.
 */
export function stepOfCode(seed: string, code: string, now: Date): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totp(seed, '').validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? undefined : Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
}
