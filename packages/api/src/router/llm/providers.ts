import { procedure } from '../../procedure';
import { listProviders } from '../../domain/llm/provider-service';
import { llmContract } from '../../contract/llm';

export const providers = procedure(llmContract.providers).query(({ ctx }) => listProviders(ctx));
