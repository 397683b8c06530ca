import { procedure } from '../../procedure';
import { updateProvider as update } from '../../domain/llm/provider-service';
import { llmContract } from '../../contract/llm';

export const updateProvider = procedure(llmContract.updateProvider).mutation(({ ctx, input }) => update(ctx, input));
