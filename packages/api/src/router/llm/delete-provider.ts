import { procedure } from '../../procedure';
import { deleteProvider as remove } from '../../domain/llm/provider-service';
import { llmContract } from '../../contract/llm';

export const deleteProvider = procedure(llmContract.deleteProvider).mutation(({ ctx, input }) => remove(ctx, input.name));
