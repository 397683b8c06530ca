import { randomUUID } from 'node:crypto';
import { tracked } from '@trpc/server';
import { protectedProcedure } from '../../trpc';
import { AppError } from '../../errors/app-error';
import { toTRPCError } from '../../errors/error-classification';
import { chatTurn } from '../../domain/llm/chat-turn';
import { llmContract } from '../../contract/llm';

export const chat = protectedProcedure
  .meta(llmContract.chat.meta)
  .input(llmContract.chat.input)
  .subscription(async function* ({ ctx, input, signal }) {
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
