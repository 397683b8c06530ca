import { procedure } from '../../procedure';
import { createProvider as create } from '../../domain/llm/provider-service';
import { llmContract } from '../../contract/llm';

export const createProvider = procedure(llmContract.createProvider).mutation(({ ctx, input }) => create(ctx, input));
