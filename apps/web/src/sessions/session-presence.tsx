// Who else follows the open session now (the live channel's presence frames): their initials, small,
// in the status bar; their names for a pointer's hover and for screen readers.
import type { LivePresenceUser } from '../live/live-channel';

/** At most this many initials; the rest are counted. */
const SHOWN = 3;

export function initialsOf(fullName: string): string {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => Array.from(word ?? '')[0]?.toUpperCase() ?? '').join('') || '?';
}

export function SessionPresence({ users, meId }: { users: readonly LivePresenceUser[]; meId: string | undefined }) {
  const others = users.filter((user) => user.user_id !== meId);
  if (others.length === 0) return null;
  const names = others.map((user) => user.full_name).join(', ');
  return (
    <span className="status-item session-presence" role="group" aria-label={`Also here: ${names}`} title={`Also here: ${names}`}>
      {others.slice(0, SHOWN).map((user) => (
        <span key={user.user_id} className="presence-avatar" aria-hidden="true">
          {initialsOf(user.full_name)}
        </span>
      ))}
      {others.length > SHOWN && (
        <span className="presence-avatar presence-more" aria-hidden="true">
          +{others.length - SHOWN}
        </span>
      )}
    </span>
  );
}
