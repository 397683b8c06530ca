// The tenant's model providers as its Admin manages them, and the list every member sees (the
// server's providers with them). Keys go in sealed and never come out.
import { AppError } from '../../errors/app-error';
import type { TCreateProviderRequest, TLlmProvider, TUpdateProviderRequest } from '../../contract/llm';
import type { CallerContext } from '../identity/identity-context';
import type { ProviderDirectory } from './provider-directory';
import type { ProviderKeys } from './provider-keys';
import { providerRepository, type StoredProvider } from './provider-repository';

export interface ProviderServiceContext extends CallerContext {
  deps: CallerContext['deps'] & { providers: ProviderDirectory; providerKeys: ProviderKeys };
}

function view(stored: StoredProvider): TLlmProvider {
  return {
    name: stored.name,
    source: 'tenant',
    base_url: stored.base_url,
    models: stored.models,
    has_api_key: stored.api_key !== null,
    is_default: false,
    updated_at: stored.updated_at,
  };
}

function notFound(name: string): AppError {
  return new AppError('PROVIDER_NOT_FOUND', `The tenant has no model provider "${name}"`);
}

export async function listProviders(context: ProviderServiceContext): Promise<{ providers: TLlmProvider[] }> {
  const { providers } = context.deps;
  const own = await context.tenant.transact((tx) => providerRepository.list(tx));
  return {
    providers: [
      ...providers.operatorProviders.map((provider): TLlmProvider => ({
        name: provider.name,
        source: 'operator',
        base_url: null,
        models: provider.models ? [...provider.models] : null,
        has_api_key: false,
        is_default: provider.name === providers.defaultName,
        updated_at: null,
      })),
      ...own.sort((a, b) => a.name.localeCompare(b.name)).map(view),
    ],
  };
}

export async function createProvider(context: ProviderServiceContext, input: TCreateProviderRequest): Promise<TLlmProvider> {
  const { providers, providerKeys } = context.deps;
  if (providers.isOperatorName(input.name)) {
    throw new AppError('CONFLICT', `The server already has a provider named "${input.name}"`);
  }
  providers.assertTenantUrl(input.base_url);
  const now = context.deps.now().toISOString();
  const sealed = input.api_key === undefined ? null : providerKeys.seal(input.api_key);
  return context.tenant.transact(async (tx) => {
    if (await providerRepository.get(tx, input.name)) {
      throw new AppError('CONFLICT', `The tenant already has a provider named "${input.name}"`);
    }
    const stored: StoredProvider = {
      name: input.name,
      base_url: input.base_url,
      models: input.models ? [...new Set(input.models)] : null,
      api_key: sealed,
      created_at: now,
      updated_at: now,
    };
    providerRepository.put(tx, stored);
    return view(stored);
  });
}

export async function updateProvider(context: ProviderServiceContext, input: TUpdateProviderRequest): Promise<TLlmProvider> {
  const { providers, providerKeys } = context.deps;
  if (input.base_url !== undefined) providers.assertTenantUrl(input.base_url);
  const now = context.deps.now().toISOString();
  const sealed = typeof input.api_key === 'string' ? providerKeys.seal(input.api_key) : input.api_key;
  return context.tenant.transact(async (tx) => {
    const current = await providerRepository.get(tx, input.name);
    if (!current) throw notFound(input.name);
    const next: StoredProvider = {
      ...current,
      ...(input.base_url !== undefined ? { base_url: input.base_url } : {}),
      ...(sealed !== undefined ? { api_key: sealed } : {}),
      ...(input.models !== undefined ? { models: input.models ? [...new Set(input.models)] : null } : {}),
      updated_at: now,
    };
    providerRepository.put(tx, next);
    return view(next);
  });
}

export async function deleteProvider(context: ProviderServiceContext, name: string): Promise<{ message: string }> {
  return context.tenant.transact(async (tx) => {
    const current = await providerRepository.get(tx, name);
    if (!current) throw notFound(name);
    providerRepository.remove(tx, name);
    return { message: `Provider ${current.name} removed` };
  });
}
