// The notice above the main area after a membership ended: the IDE went back to the personal
// tenant, and this says why until dismissed.
import { tenantNoticeText } from './tenant-switcher';
import { useTenantNotice } from './tenant-switch-provider';

export function TenantNoticeBanner() {
  const { notice, dismiss } = useTenantNotice();
  if (!notice) return null;
  return (
    <div className="tenant-notice" role="alert">
      <span>{tenantNoticeText(notice)}</span>
      <button type="button" className="button button-small" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
