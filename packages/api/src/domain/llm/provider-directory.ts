// Which model provider a conversation or a task talks to. The operator configures the server's
// providers (the default at LLM_BASE_URL, more in LLM_PROVIDERS); a tenant's Admin adds the tenant's
// own (provider-service.ts). A name — a conversation's `ai_provider`, a task's `config.provider` —
// is looked up among the server's and the tenant's (one name, one provider: a tenant cannot take a
// name the server uses), without regard to case; `default` always picks the server's default. A
// provider's models are its configured list, else its own `/models` answer; a call naming a model
// outside a configured list is refused before anything is recorded.
import { AppError } from '../../errors/app-error';
import type { AddressPolicy } from './address-policy';
import type { TenantScope } from '../../storage/tenant-scope';
import type { LlmProvider, ProviderModel } from './llm-provider';
import type { ProviderKeys } from './provider-keys';
import { providerRepository, type StoredProvider } from './provider-repository';

export interface ProviderEndpoint {
  name: string;
  baseUrl: string;
  apiKey?: string | undefined;
  /** The models it offers; unset: as its `/models` says. */
  models?: readonly string[] | undefined;
  /** A tenant's provider is reached only at addresses `tenantAddresses` allows. */
  source: 'operator' | 'tenant';
}

export interface ProviderDirectoryOptions {
  /** The server's providers; the first is the default. */
  operator: ReadonlyArray<Omit<ProviderEndpoint, 'source'>>;
  keys: ProviderKeys;
  /** Where tenants' providers may be reached (the connection itself is guarded by `connect`). */
  tenantAddresses: AddressPolicy;
  /** Makes the client of one provider (the server wraps it with its metrics). */
  connect(endpoint: ProviderEndpoint): LlmProvider;
}

export interface ResolvedProvider {
  name: string;
  source: 'operator' | 'tenant';
  llm: LlmProvider;
  /** Configured models; null: ask the provider. */
  models: readonly string[] | null;
}

/** A name that always picks the server's default provider (what clients send when they have no preference). */
export const DEFAULT_ALIAS = 'default';

export class ProviderDirectory {
  private readonly operator: ResolvedProvider[];

  constructor(private readonly options: ProviderDirectoryOptions) {
    if (options.operator.length === 0) throw new Error('at least one operator provider is required');
    this.operator = options.operator.map((endpoint) => ({
      name: endpoint.name,
      source: 'operator',
      llm: options.connect({ ...endpoint, source: 'operator' }),
      models: endpoint.models ?? null,
    }));
  }

  get defaultName(): string {
    return this.operator[0]!.name;
  }

  get operatorProviders(): readonly ResolvedProvider[] {
    return this.operator;
  }

  /** Whether the server itself has a provider of this name (a tenant may not shadow it). */
  isOperatorName(name: string): boolean {
    return sameName(name, DEFAULT_ALIAS) || this.operator.some((provider) => sameName(provider.name, name));
  }

  /** VALIDATION_ERROR on base_url when a tenant's provider names an IP address it may not reach (names are checked at each connection). */
  assertTenantUrl(baseUrl: string): void {
    const refusal = this.options.tenantAddresses.refusalOf(baseUrl);
    if (refusal)
      throw new AppError('VALIDATION_ERROR', 'The base URL names an internal address', [{ path: 'base_url', message: refusal }]);
  }

  /** The provider `name` picks for the tenant (the server's default without a name); PROVIDER_NOT_FOUND otherwise. */
  async resolve(tenant: TenantScope, name?: string): Promise<ResolvedProvider> {
    const wanted = name === undefined || sameName(name, DEFAULT_ALIAS) ? this.defaultName : name;
    const operator = this.operator.find((provider) => sameName(provider.name, wanted));
    if (operator) return operator;
    const stored = await tenant.transact((tx) => providerRepository.get(tx, wanted));
    if (!stored) {
      throw new AppError('PROVIDER_NOT_FOUND', `No model provider "${wanted}" here: pick one of the providers the server lists`);
    }
    return this.tenantProvider(stored);
  }

  private tenantProvider(stored: StoredProvider): ResolvedProvider {
    const apiKey = stored.api_key ? this.options.keys.open(stored.api_key) : undefined;
    if (stored.api_key && apiKey === undefined) {
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        `The key of provider "${stored.name}" cannot be read with this server's PROVIDER_KEYS_SECRET: an Admin must enter it again`,
      );
    }
    return {
      name: stored.name,
      source: 'tenant',
      llm: this.options.connect({
        name: stored.name,
        baseUrl: stored.base_url,
        apiKey,
        models: stored.models ?? undefined,
        source: 'tenant',
      }),
      models: stored.models,
    };
  }

  /** The provider's models: its configured list, else what its `/models` answers now. Provider trouble throws. */
  async models(provider: ResolvedProvider, signal?: AbortSignal): Promise<ProviderModel[]> {
    if (provider.models) return provider.models.map((id) => ({ id, owned_by: null }));
    return provider.llm.listModels(signal);
  }

  /**
   * VALIDATION_ERROR on `field` when the provider's models are configured and `model` is not one
   * of them. A provider's own `/models` is not held against a call: many answer with what is
   * loaded now, or a partial list, and the provider itself refuses a model it lacks.
   */
  assertOffers(provider: ResolvedProvider, model: string, field = 'model'): void {
    const offered = provider.models;
    if (!offered || offered.length === 0 || offered.includes(model)) return;
    const shown = offered.slice(0, 10).join(', ');
    throw new AppError('VALIDATION_ERROR', `The provider "${provider.name}" does not offer the model "${model}"`, [
      { path: field, message: `One of: ${shown}${offered.length > 10 ? ', …' : ''}` },
    ]);
  }
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
