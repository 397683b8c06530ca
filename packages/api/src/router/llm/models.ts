import { protectedProcedure } from '../../trpc';
import { LlmProviderError, providerAppError } from '../../domain/llm/llm-provider';
import { llmContract } from '../../contract/llm';

export const models = protectedProcedure
  .meta(llmContract.models.meta)
  .output(llmContract.models.output)
  .query(async ({ ctx, signal }) => {
    try {
      return { models: await ctx.deps.llm.listModels(signal) };
    } catch (error) {
      throw error instanceof LlmProviderError ? providerAppError(error) : error;
    }
  });
