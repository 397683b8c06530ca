// The user's signed-in devices: their open auth sessions, listed with where and when they were
// used, and signed out one by one or all but the current. Revocation works like a logout: the
// session's access and refresh tokens fail at their next request (authentication reads it).
import { AppError } from '../../errors/app-error';
import type { TDevice } from '../../contract/auth';
import { authSessionRepository, isSessionActive, type AuthSessionRecord } from './auth-session-repository';
import type { CallerContext } from './identity-context';
import { sessionIdOf } from './sign-in-service';

export async function listDevices(ctx: CallerContext): Promise<{ devices: TDevice[] }> {
  const current = sessionIdOf(ctx.auth);
  const now = ctx.deps.now();
  const sessions = await ctx.home.transact((tx) => authSessionRepository.listForUser(tx, ctx.auth.userId));
  const devices = sessions
    .filter((session) => isSessionActive(session, ctx.auth.userId, now))
    .map((session) => deviceOf(session, current))
    .sort((a, b) => Number(b.current) - Number(a.current) || b.last_used_at.localeCompare(a.last_used_at));
  return { devices };
}

export async function revokeDevice(ctx: CallerContext, deviceId: string): Promise<void> {
  sessionIdOf(ctx.auth); // API keys have no devices
  const now = ctx.deps.now();
  await ctx.home.transact(async (tx) => {
    const session = await authSessionRepository.get(tx, deviceId);
    // Another user's session answers like a missing one.
    if (!isSessionActive(session, ctx.auth.userId, now)) {
      throw new AppError('NOT_FOUND', 'No signed-in device with this id');
    }
    authSessionRepository.revoke(tx, session!, 'signed_out_remotely', now);
  });
}

export async function revokeOtherDevices(ctx: CallerContext): Promise<{ revoked: number }> {
  const current = sessionIdOf(ctx.auth);
  const now = ctx.deps.now();
  return ctx.home.transact(async (tx) => {
    const sessions = await authSessionRepository.listForUser(tx, ctx.auth.userId);
    let revoked = 0;
    for (const session of sessions) {
      if (session.sid === current || !isSessionActive(session, ctx.auth.userId, now)) continue;
      authSessionRepository.revoke(tx, session, 'signed_out_remotely', now);
      revoked += 1;
    }
    return { revoked };
  });
}

function deviceOf(session: AuthSessionRecord, current: string): TDevice {
  const expiresAt =
    session.absolute_expires_at !== undefined && session.absolute_expires_at < session.expires_at
      ? session.absolute_expires_at
      : session.expires_at;
  return {
    device_id: session.sid,
    current: session.sid === current,
    label: deviceLabel(session.user_agent),
    user_agent: session.user_agent,
    ip: session.ip,
    signed_in_at: session.created_at,
    last_used_at: session.last_refreshed_at ?? session.created_at,
    expires_at: expiresAt,
  };
}

const BROWSERS: Array<[RegExp, string]> = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\bOPR\//, 'Opera'],
  [/\bFirefox\//, 'Firefox'],
  [/\bChromium\//, 'Chromium'],
  [/\b(HeadlessChrome|Chrome|CriOS)\//, 'Chrome'],
  [/\bVersion\/[\d.]+ .*Safari\//, 'Safari'],
];
const SYSTEMS: Array<[RegExp, string]> = [
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

/** "Chrome on Linux", "Safari on iOS"; a program that is not a browser by its name ("curl", "node"). */
export function deviceLabel(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser) return system ? `${browser} on ${system}` : browser;
  const program = /^([A-Za-z][\w.-]*)/.exec(userAgent)?.[1];
  if (program && program !== 'Mozilla') return program;
  return system ? `A browser on ${system}` : 'Unknown device';
}
