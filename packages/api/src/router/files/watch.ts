import { randomUUID } from 'node:crypto';
import { tracked } from '@trpc/server';
import { procedure } from '../../procedure';
import { AppError } from '../../errors/app-error';
import { toTRPCError } from '../../errors/error-classification';
import { watchFiles } from '../../domain/files/file-watch';
import { filesContract } from '../../contract/files';

export const watch = procedure(filesContract.watch).subscription(async function* ({ ctx, input, signal }) {
  const stream = randomUUID();
  let index = 0;
  try {
    for await (const event of watchFiles(ctx, input.session_id, signal)) {
      index += 1;
      yield tracked(`${stream}:${index}`, event);
    }
  } catch (error) {
    // Thrown after the middleware chain returned, so the domain-error mapping must happen here.
    throw error instanceof AppError ? toTRPCError(error) : error;
  }
});
