// The user's signed-in devices (auth.devices): where and when each sign-in was used, signed out
// one by one or all but this one (auth.revokeDevice, auth.revokeOtherDevices). Signing this
// device out is signing out.
import type { TDevice } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { useAuth } from '../auth/auth-provider';
import { ConfirmAction } from '../shell/confirm-action';
import { FormAlert } from '../forms/form-alert';
import { formatRelativeTime } from '../format/relative-time';

export function DevicesCard() {
  const devices = trpc.auth.devices.useQuery();
  const utils = trpc.useUtils();
  const others = trpc.auth.revokeOtherDevices.useMutation({ onSuccess: () => void utils.auth.devices.invalidate() });
  const otherCount = devices.data?.devices.filter((device) => !device.current).length ?? 0;

  let list;
  if (devices.error) list = <FormAlert tone="error">{describeApiError(devices.error).message}</FormAlert>;
  else if (!devices.data)
    list = (
      <ul className="api-key-list" aria-busy="true" aria-label="Loading devices">
        <li className="api-key-row">
          <span className="skeleton skeleton-text" />
        </li>
      </ul>
    );
  else
    list = (
      <ul className="api-key-list" aria-label="Signed-in devices">
        {devices.data.devices.map((device) => (
          <DeviceRow key={device.device_id} device={device} />
        ))}
      </ul>
    );

  return (
    <section className="card" aria-labelledby="devices-heading">
      <h2 id="devices-heading">Devices</h2>
      <p className="card-note">Where your account is signed in. A device you sign out has to sign in again.</p>
      {list}
      {otherCount > 0 && (
        <div className="card-actions">
          <ConfirmAction
            trigger="Sign out all other devices…"
            groupLabel="Confirm signing out all other devices"
            action={`Sign out ${otherCount} device${otherCount === 1 ? '' : 's'}`}
            busyAction="Signing out…"
            busy={others.isPending}
            onConfirm={() => others.mutate()}
          />
          {others.error && (
            <span className="field-error" role="alert">
              {describeApiError(others.error).message}
            </span>
          )}
        </div>
      )}
    </section>
  );
}

function DeviceRow({ device }: { device: TDevice }) {
  const utils = trpc.useUtils();
  const { signOut } = useAuth();
  const revoke = trpc.auth.revokeDevice.useMutation({
    onSuccess: () => (device.current ? void signOut() : void utils.auth.devices.invalidate()),
  });

  return (
    <li className="api-key-row">
      <div className="api-key-main">
        <span className="api-key-name">{device.label}</span>
        {device.current && <span className="badge">this device</span>}
      </div>
      <div className="api-key-meta muted" title={device.user_agent ?? undefined}>
        {device.ip}
        {' · '}signed in {formatRelativeTime(device.signed_in_at)}
        {' · '}last used {formatRelativeTime(device.last_used_at)}
      </div>
      <div className="api-key-actions">
        <ConfirmAction
          trigger="Sign out…"
          triggerLabel={`Sign out ${device.label}${device.current ? ' (this device)' : ''}…`}
          groupLabel={`Confirm signing out ${device.label}`}
          action="Sign out"
          busyAction="Signing out…"
          busy={revoke.isPending}
          onConfirm={() => revoke.mutate({ device_id: device.device_id })}
        />
        {revoke.error && (
          <span className="field-error" role="alert">
            {describeApiError(revoke.error).message}
          </span>
        )}
      </div>
    </li>
  );
}
