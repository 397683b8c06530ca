// Model tokens used today against the daily budgets (chat and agent tasks), with when they renew.
import type { TTokenUsageToday } from '@coditect/api/contract';
import { trpc } from '../api/trpc';
import { describeApiError } from '../api/api-error';
import { FormAlert } from '../forms/form-alert';

const numberFormat = new Intl.NumberFormat('en');
const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

function UsageLine({ label, use }: { label: string; use: TTokenUsageToday['user'] }) {
  const share = use.budget ? Math.min(1, use.used / use.budget) : 0;
  return (
    <>
      <dt>{label}</dt>
      <dd>
        {numberFormat.format(use.used)} {use.budget ? `of ${numberFormat.format(use.budget)} tokens` : 'tokens (no budget)'}
        {use.budget !== null && (
          <meter
            className="usage-meter"
            min={0}
            max={1}
            low={0.75}
            high={0.9}
            optimum={0}
            value={share}
            aria-label={`${label}: share of the budget used`}
          />
        )}
      </dd>
    </>
  );
}

export function TokenUsageCard() {
  const usage = trpc.users.usage.useQuery();
  return (
    <section className="card" aria-labelledby="usage-heading" aria-busy={usage.isPending}>
      <h2 id="usage-heading">Model usage today</h2>
      {usage.error && <FormAlert tone="error">{describeApiError(usage.error).message}</FormAlert>}
      {usage.data ? (
        <>
          <dl className="facts">
            <UsageLine label="You" use={usage.data.user} />
            <UsageLine label="Your organisation" use={usage.data.tenant} />
          </dl>
          <p className="muted">
            Chat replies and agent tasks count. The budgets renew {timeFormat.format(new Date(usage.data.resets_at))}.
          </p>
        </>
      ) : (
        !usage.error && <span className="skeleton skeleton-text" />
      )}
    </section>
  );
}
