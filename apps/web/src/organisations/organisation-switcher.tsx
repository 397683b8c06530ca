// The title bar's organisation switcher: the caller's tenants (personal first), the one acted in
// marked, disabled ones marked and not choosable; choosing one switches the whole IDE to it. It
// also links the Members page and creates organisations. Polling the tenants notices, while the tab
// is idle, that the membership acted in has ended.
import { useEffect, useRef, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'wouter';
import { apiContract, ORGANISATION_LIMITS, ZCreateOrganisationRequest, type TTenantSummary } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { useAuth } from '../auth/auth-provider';
import { FormAlert } from '../forms/form-alert';
import { TextField } from '../forms/text-field';
import { useSchemaForm } from '../forms/use-schema-form';
import { ChevronDownIcon, OrganisationIcon } from '../shell/icons';
import { useTenantSwitcher } from './tenant-switch-provider';
import { useMayCall, useTenants } from './use-tenants';

export function OrganisationSwitcher() {
  const auth = useAuth();
  const { tenants, active } = useTenants();
  const switcher = useTenantSwitcher();
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const mayCreate = useMayCall(apiContract.tenants.createOrganisation);
  const switching = useMutation({ mutationFn: (tenantId: string) => switcher.switchTo(tenantId) });
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  // The tenants no longer list the one this tab acts in as usable: its membership ended or was disabled.
  const listed = tenants.data?.find((tenant) => tenant.tenant_id === auth.tenantId);
  const ended = tenants.data !== undefined && auth.tenantId !== null && (!listed || listed.disabled);
  useEffect(() => {
    if (ended) void switcher.membershipEnded(auth.tenantId, listed?.disabled ? 'disabled' : 'ended');
  }, [ended, auth.tenantId, listed?.disabled, switcher]);

  useEffect(() => {
    if (open) box.current?.querySelector<HTMLElement>('.tenant-option:not(:disabled), a, button')?.focus();
  }, [open]);

  const close = () => {
    setOpen(false);
    setCreating(false);
  };

  return (
    <div
      className="tenant-switcher"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault();
          close();
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className="tenant-switcher-button"
        aria-expanded={open}
        aria-haspopup="dialog"
        aria-label={active ? `Organisation: ${active.name} (${active.role})` : 'Organisation'}
        title="Switch organisation"
        onClick={() => (open ? close() : setOpen(true))}
      >
        <OrganisationIcon />
        <span className="tenant-switcher-name" data-testid="active-tenant">
          {active ? active.name : <span className="skeleton skeleton-text skeleton-short" />}
        </span>
        {active && <span className="tenant-switcher-role">{active.role}</span>}
        <ChevronDownIcon />
      </button>
      {open && (
        <>
          <div className="menu-backdrop tenant-backdrop" onMouseDown={close} />
          <div ref={box} className="tenant-menu" role="dialog" aria-label="Organisations">
            <h2 className="tenant-menu-heading">Work in</h2>
            {tenants.error ? (
              <FormAlert tone="error">{describeApiError(tenants.error).message}</FormAlert>
            ) : (
              <ul className="tenant-list" aria-label="Your organisations" aria-busy={tenants.isPending}>
                {(tenants.data ?? []).map((tenant) => (
                  <TenantOption
                    key={tenant.tenant_id}
                    tenant={tenant}
                    busy={switching.isPending && switching.variables === tenant.tenant_id}
                    disabled={switching.isPending}
                    onChoose={() => switching.mutate(tenant.tenant_id, { onSuccess: close })}
                  />
                ))}
              </ul>
            )}
            {switching.error && <FormAlert tone="error">{describeApiError(switching.error).message}</FormAlert>}
            <div className="tenant-menu-actions">
              {active?.kind === 'organisation' && (
                <Link href="/members" className="button" onClick={close}>
                  Members
                </Link>
              )}
              {mayCreate && !creating && (
                <button type="button" className="button" onClick={() => setCreating(true)}>
                  Create organisation
                </button>
              )}
            </div>
            {creating && (
              <NewOrganisationForm
                onCancel={() => setCreating(false)}
                onCreated={(created) => switching.mutate(created.tenant_id, { onSuccess: close })}
              />
            )}
          </div>
        </>
      )}
    </div>
  );
}

function TenantOption(props: { tenant: TTenantSummary; busy: boolean; disabled: boolean; onChoose(): void }) {
  const { tenant } = props;
  const status = tenant.disabled ? 'access disabled' : tenant.role;
  return (
    <li>
      <button
        type="button"
        className="tenant-option"
        aria-current={tenant.active ? 'true' : undefined}
        disabled={tenant.active || tenant.disabled || props.disabled}
        onClick={props.onChoose}
      >
        <span className="tenant-option-name">{tenant.name}</span>
        <span className={tenant.disabled ? 'badge badge-danger' : 'badge'}>{props.busy ? 'switching…' : status}</span>
        {tenant.active && <span className="tenant-option-current">current</span>}
      </button>
    </li>
  );
}

function NewOrganisationForm({ onCreated, onCancel }: { onCreated(tenant: TTenantSummary): void; onCancel(): void }) {
  const utils = trpc.useUtils();
  const form = useSchemaForm(ZCreateOrganisationRequest, { name: '' });
  const create = trpc.tenants.createOrganisation.useMutation({
    onSuccess: (created) => {
      void utils.tenants.list.invalidate();
      onCreated(created);
    },
    onError: (error) => form.setServerErrors(describeApiError(error).fieldErrors),
  });
  const failure = create.error ? describeApiError(create.error) : null;
  return (
    <form className="tenant-new" noValidate onSubmit={form.onSubmit((data) => create.mutate(data))}>
      {failure && failure.code !== 'VALIDATION_ERROR' && <FormAlert tone="error">{failure.message}</FormAlert>}
      <TextField
        label="Organisation name"
        autoFocus
        maxLength={ORGANISATION_LIMITS.nameChars}
        {...form.input('name')}
        error={form.errors.name}
      />
      <div className="new-session-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create and switch'}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
