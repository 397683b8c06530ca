// An action that asks first: its trigger turns into the question, the action and Cancel. Used for
// everything that deletes or revokes.
import { useState, type ReactNode } from 'react';

export interface ConfirmActionProps {
  /** The trigger's text, e.g. "Delete…". */
  trigger: string;
  /** The trigger's accessible name when its text is not enough ("Revoke CI deploys…"). */
  triggerLabel?: string;
  triggerClassName?: string;
  /** Asked before the action, e.g. “Delete “Notes”?”. */
  question?: ReactNode;
  /** Accessible name of the question's group. */
  groupLabel: string;
  /** The confirming button's text, and its text while the action runs. */
  action: string;
  busyAction: string;
  busy: boolean;
  onConfirm(): void;
  /** Other controls shown beside the trigger, hidden while the question is asked. */
  children?: ReactNode;
}

export function ConfirmAction(props: ConfirmActionProps) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <>
        {props.children}
        <button
          type="button"
          className={props.triggerClassName ?? 'button'}
          aria-label={props.triggerLabel}
          onClick={() => setConfirming(true)}
        >
          {props.trigger}
        </button>
      </>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={props.groupLabel}>
      {props.question !== undefined && <span>{props.question}</span>}
      <button type="button" className="button button-danger" disabled={props.busy} onClick={props.onConfirm}>
        {props.busy ? props.busyAction : props.action}
      </button>
      <button type="button" className="button button-quiet" onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </span>
  );
}
