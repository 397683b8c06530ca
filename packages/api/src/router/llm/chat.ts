import { randomUUID } from 'node:crypto';
import { tracked } from '@trpc/server';
import { procedure } from '../../procedure';
import { AppError } from '../../errors/app-error';
import { toTRPCError } from '../../errors/error-classification';
import { chatTurn } from '../../domain/llm/chat-service';
import { llmContract } from '../../contract/llm';

export const chat = procedure(llmContract.chat).subscription(async function* ({ ctx, input, signal }) {
  const turn = randomUUID();
  let index = 0;
  const events = chatTurn(ctx, input, signal);
  try {
    for await (const event of events) {
      index += 1;
      yield tracked(`${turn}:${index}`, event);
    }
  } catch (error) {
    // Thrown after the middleware chain returned, so the domain-error mapping must happen here.
    throw error instanceof AppError ? toTRPCError(error) : error;
  }
});
