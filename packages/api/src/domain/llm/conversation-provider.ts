// The model provider a conversation's `ai_provider` names, for its chat turns and its summary.
import type { CallerContext } from '../identity/identity-context';
import { requireOwnedConversation } from '../conversations/owned-records';
import type { ProviderDirectory, ResolvedProvider } from './provider-directory';

/** CONVERSATION_NOT_FOUND for another's conversation; PROVIDER_NOT_FOUND when the name picks none (any more). */
export async function conversationProvider(
  context: CallerContext & { deps: { providers: ProviderDirectory } },
  conversationId: string,
): Promise<ResolvedProvider> {
  const conversation = await context.tenant.transact((tx) => requireOwnedConversation(tx, context.auth.userId, conversationId));
  return context.deps.providers.resolve(context.tenant, conversation.ai_provider);
}
