// The status bar's word on the live channel: whether other tabs' changes arrive as they happen.
import { useLiveChannelState } from './live-channel-provider';

const LABELS = {
  connecting: 'Live: connecting…',
  live: 'Live',
  reconnecting: 'Live: reconnecting…',
  stopped: 'Live updates off',
} as const;

const TITLES = {
  connecting: 'Opening the live channel',
  live: 'Changes made in other tabs and by terminals show here as they happen',
  reconnecting: 'The live channel dropped; reconnecting by itself (missed changes follow)',
  stopped: 'The live channel is closed: reload the page to see changes made elsewhere',
} as const;

export function LiveStatus() {
  const { state } = useLiveChannelState();
  return (
    <span
      className={`status-item status-live status-live-${state}`}
      data-testid="live-status"
      data-state={state}
      title={TITLES[state]}
    >
      <span className="status-dot" aria-hidden="true" />
      <span className="status-live-text">{LABELS[state]}</span>
    </span>
  );
}
