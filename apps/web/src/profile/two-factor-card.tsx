// Two-factor authentication in the Profile: set up an authenticator app (password, then scan the
// QR code and enter its first code), see the recovery codes once, make new ones, or turn it off.
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { ZCurrentPassword, ZEnableTwoFactorRequest, type TTwoFactorSetup } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { FormAlert } from '../forms/form-alert';
import { TextField } from '../forms/text-field';
import { useSchemaForm } from '../forms/use-schema-form';
import { formatRelativeTime } from '../format/relative-time';

type Step =
  | { kind: 'status' }
  | { kind: 'password'; purpose: 'setup' | 'disable' | 'codes' }
  | { kind: 'scan'; setup: TTwoFactorSetup }
  | { kind: 'codes'; codes: string[] };

const PASSWORD_PURPOSE = {
  setup: { action: 'Continue', busy: 'Checking…', note: 'Confirm your password to set up an authenticator app.' },
  disable: {
    action: 'Turn off two-factor',
    busy: 'Turning off…',
    note: 'Confirm your password: sign-ins will ask for the password only, and your recovery codes stop working.',
  },
  codes: {
    action: 'Make new recovery codes',
    busy: 'Making codes…',
    note: 'Confirm your password. Your current recovery codes stop working.',
  },
} as const;

export function TwoFactorCard() {
  const status = trpc.auth.twoFactor.useQuery();
  const [step, setStep] = useState<Step>({ kind: 'status' });
  const done = () => setStep({ kind: 'status' });

  let body;
  if (step.kind === 'password') body = <PasswordStep purpose={step.purpose} onCancel={done} onNext={setStep} />;
  else if (step.kind === 'scan')
    body = <ScanStep setup={step.setup} onCancel={done} onEnabled={(codes) => setStep({ kind: 'codes', codes })} />;
  else if (step.kind === 'codes') body = <RecoveryCodes codes={step.codes} onDone={done} />;
  else if (status.error) body = <FormAlert tone="error">{describeApiError(status.error).message}</FormAlert>;
  else if (!status.data) body = <span className="skeleton skeleton-text" />;
  else if (!status.data.enabled)
    body = (
      <>
        <p className="card-note">
          Off. With two-factor on, signing in also asks for a code from an authenticator app on your phone, so a stolen password
          is not enough.
        </p>
        <div className="card-actions">
          <button type="button" className="button button-primary" onClick={() => setStep({ kind: 'password', purpose: 'setup' })}>
            Set up two-factor…
          </button>
        </div>
      </>
    );
  else
    body = (
      <>
        <p className="card-note">
          <strong className="status-on">On</strong> since {formatRelativeTime(status.data.enabled_at!)}. Sign-ins ask for a code
          from your authenticator app. {status.data.recovery_codes_left} recovery code
          {status.data.recovery_codes_left === 1 ? '' : 's'} left.
        </p>
        <div className="card-actions">
          <button type="button" className="button" onClick={() => setStep({ kind: 'password', purpose: 'codes' })}>
            New recovery codes…
          </button>
          <button
            type="button"
            className="button button-danger"
            onClick={() => setStep({ kind: 'password', purpose: 'disable' })}
          >
            Turn off…
          </button>
        </div>
      </>
    );

  return (
    <section className="card" aria-labelledby="two-factor-heading">
      <h2 id="two-factor-heading">Two-factor authentication</h2>
      {body}
    </section>
  );
}

function PasswordStep({
  purpose,
  onCancel,
  onNext,
}: {
  purpose: 'setup' | 'disable' | 'codes';
  onCancel: () => void;
  onNext: (step: Step) => void;
}) {
  const utils = trpc.useUtils();
  const form = useSchemaForm(ZCurrentPassword, { password: '' });
  const onError = (error: unknown) => {
    const failure = describeApiError(error, { rateLimited: 'attempts' });
    form.setServerErrors(failure.code === 'INVALID_PASSWORD' ? { password: failure.message } : failure.fieldErrors);
  };
  const setup = trpc.auth.setupTwoFactor.useMutation({ onSuccess: (answer) => onNext({ kind: 'scan', setup: answer }), onError });
  const disable = trpc.auth.disableTwoFactor.useMutation({
    onSuccess: () => {
      void utils.auth.twoFactor.invalidate();
      onNext({ kind: 'status' });
    },
    onError,
  });
  const codes = trpc.auth.regenerateRecoveryCodes.useMutation({
    onSuccess: (answer) => {
      void utils.auth.twoFactor.invalidate();
      onNext({ kind: 'codes', codes: answer.recovery_codes });
    },
    onError,
  });
  const mutation = { setup, disable, codes }[purpose];
  const failure = mutation.error ? describeApiError(mutation.error, { rateLimited: 'attempts' }) : null;
  const text = PASSWORD_PURPOSE[purpose];

  return (
    <form noValidate onSubmit={form.onSubmit((input) => mutation.mutate(input))}>
      <p className="card-note">{text.note}</p>
      {failure && failure.code !== 'INVALID_PASSWORD' && failure.code !== 'VALIDATION_ERROR' && (
        <FormAlert tone="error">{failure.message}</FormAlert>
      )}
      <TextField
        label="Your password"
        type="password"
        autoComplete="current-password"
        autoFocus
        {...form.input('password')}
        error={form.errors.password}
      />
      <div className="card-actions">
        <button
          type="submit"
          className={purpose === 'disable' ? 'button button-danger' : 'button button-primary'}
          disabled={mutation.isPending}
        >
          {mutation.isPending ? text.busy : text.action}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ScanStep({
  setup,
  onCancel,
  onEnabled,
}: {
  setup: TTwoFactorSetup;
  onCancel: () => void;
  onEnabled: (codes: string[]) => void;
}) {
  const utils = trpc.useUtils();
  const [qr, setQr] = useState<string>();
  useEffect(() => {
    let current = true;
    QRCode.toDataURL(setup.otpauth_url, { margin: 1, width: 176, errorCorrectionLevel: 'M' }).then(
      (url) => current && setQr(url),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [setup.otpauth_url]);
  const form = useSchemaForm(ZEnableTwoFactorRequest, { code: '' });
  const enable = trpc.auth.enableTwoFactor.useMutation({
    onSuccess: (answer) => {
      void utils.auth.twoFactor.invalidate();
      onEnabled(answer.recovery_codes);
    },
    onError: (error) => {
      const failure = describeApiError(error, { rateLimited: 'attempts' });
      form.setServerErrors(failure.code === 'INVALID_TWO_FACTOR_CODE' ? { code: failure.message } : failure.fieldErrors);
    },
  });
  const failure = enable.error ? describeApiError(enable.error) : null;

  return (
    <form noValidate onSubmit={form.onSubmit((input) => enable.mutate(input))}>
      <p className="card-note">
        Scan this code with an authenticator app (1Password, Google Authenticator, Authy…), then enter the code it shows.
      </p>
      <div className="two-factor-scan">
        {qr ? (
          <img className="two-factor-qr" src={qr} width={176} height={176} alt="QR code for your authenticator app" />
        ) : (
          <span className="two-factor-qr skeleton" />
        )}
        <div>
          <p className="card-note">Cannot scan? Enter this key in the app:</p>
          <code className="two-factor-secret" aria-label="Setup key">
            {setup.secret.replace(/(.{4})/g, '$1 ').trim()}
          </code>
        </div>
      </div>
      {failure && failure.code === 'CONFLICT' && <FormAlert tone="error">{failure.message}</FormAlert>}
      <TextField
        label="Code from the app"
        autoComplete="one-time-code"
        inputMode="numeric"
        autoFocus
        {...form.input('code')}
        error={form.errors.code}
      />
      <div className="card-actions">
        <button type="submit" className="button button-primary" disabled={enable.isPending}>
          {enable.isPending ? 'Turning on…' : 'Turn on two-factor'}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div>
      <FormAlert tone="success">
        Keep these recovery codes somewhere safe: each signs in once without your phone, and they are shown only now.
      </FormAlert>
      <ol className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="card-actions">
        <button
          type="button"
          className="button"
          onClick={() =>
            void navigator.clipboard.writeText(codes.join('\n')).then(
              () => setCopied(true),
              () => undefined,
            )
          }
        >
          {copied ? 'Copied' : 'Copy codes'}
        </button>
        <button type="button" className="button button-primary" onClick={onDone}>
          I have saved them
        </button>
      </div>
    </div>
  );
}
