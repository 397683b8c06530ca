// A small router that exercises every generic feature of the REST shim and the tRPC dispatch.
import { z } from 'zod';
import { AppError, createTRPCRouter, publicProcedure } from '@coditect/api';

const echoInput = z.strictObject({
  n: z.number().int(),
  tags: z.array(z.string()).optional(),
  flag: z.boolean().optional(),
  name: z.string().optional(),
});

export const probeRouter = createTRPCRouter({
  probe: {
    echo: publicProcedure
      .meta({ access: 'public', summary: 'echo', rest: { method: 'GET', path: '/probe/echo' } })
      .input(echoInput)
      .query(({ input }) => input),
    special: publicProcedure
      .meta({ access: 'public', summary: 'static beats :param', rest: { method: 'GET', path: '/probe/items/special' } })
      .query(() => ({ special: true })),
    item: publicProcedure
      .meta({ access: 'public', summary: 'item', rest: { method: 'GET', path: '/probe/items/:item_id', etagField: 'version' } })
      .input(z.strictObject({ item_id: z.uuid() }))
      .query(({ input }) => ({ item_id: input.item_id, version: 7 })),
    create: publicProcedure
      .meta({ access: 'public', summary: 'create', rest: { method: 'POST', path: '/probe/items', successStatus: 201 } })
      .input(z.strictObject({ first_name: z.string().min(1), workspace_path: z.string().optional() }))
      .output(z.object({ first_name: z.string(), workspace_path: z.string().nullable() }))
      .mutation(({ input }) => ({ first_name: input.first_name, workspace_path: input.workspace_path ?? null })),
    update: publicProcedure
      .meta({
        access: 'public',
        summary: 'update',
        rest: { method: 'PUT', path: '/probe/items/:item_id', headerInputs: { 'if-match': 'expected_version' } },
      })
      .input(z.strictObject({ item_id: z.uuid(), expected_version: z.number().int().optional(), label: z.string() }))
      .mutation(({ input }) => input),
    remove: publicProcedure
      .meta({
        access: 'public',
        summary: 'remove',
        rest: { method: 'DELETE', path: '/probe/items/:item_id', envelope: 'message' },
      })
      .input(z.strictObject({ item_id: z.uuid() }))
      .mutation(() => ({ message: 'Item deleted successfully' })),
    conflict: publicProcedure
      .meta({ access: 'public', summary: 'domain error', rest: { method: 'POST', path: '/probe/conflict' } })
      .mutation(() => {
        throw new AppError('CONFLICT', 'Stale version', { current_version: 4 });
      }),
    limited: publicProcedure
      .meta({ access: 'public', summary: 'rate limited', rest: { method: 'GET', path: '/probe/limited' } })
      .query(() => {
        throw new AppError('RATE_LIMIT_EXCEEDED', 'Rate limit exceeded. Try again in 3 seconds.', undefined, 3);
      }),
    crash: publicProcedure
      .meta({ access: 'public', summary: 'bug', rest: { method: 'GET', path: '/probe/crash' } })
      .query((): string => {
        throw new Error('secret internal detail at /srv/db');
      }),
    badOutput: publicProcedure
      .meta({ access: 'public', summary: 'output contract broken', rest: { method: 'GET', path: '/probe/bad-output' } })
      .output(z.object({ count: z.number() }))
      .query(() => ({ count: 'many' }) as unknown as { count: number }),
    slow: publicProcedure
      .meta({ access: 'public', summary: 'slow', rest: { method: 'GET', path: '/probe/slow' } })
      .input(z.strictObject({ ms: z.number().int().min(0).max(5000) }))
      .query(async ({ input }) => {
        await new Promise((resolve) => setTimeout(resolve, input.ms));
        return { waited: input.ms };
      }),
  },
});

export type ProbeRouter = typeof probeRouter;
