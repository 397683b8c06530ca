import { procedure } from '../../procedure';
import { LlmProviderError, providerAppError } from '../../domain/llm/llm-provider';
import { llmContract } from '../../contract/llm';

export const models = procedure(llmContract.models).query(async ({ ctx, input, signal }) => {
  const provider = await ctx.deps.providers.resolve(ctx.tenant, input?.provider);
  try {
    return { models: await ctx.deps.providers.models(provider, signal) };
  } catch (error) {
    throw error instanceof LlmProviderError ? providerAppError(error) : error;
  }
});
