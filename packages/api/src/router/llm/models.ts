import { procedure } from '../../procedure';
import { LlmProviderError, providerAppError } from '../../domain/llm/llm-provider';
import { llmContract } from '../../contract/llm';

export const models = procedure(llmContract.models).query(async ({ ctx, signal }) => {
  try {
    return { models: await ctx.deps.llm.listModels(signal) };
  } catch (error) {
    throw error instanceof LlmProviderError ? providerAppError(error) : error;
  }
});
