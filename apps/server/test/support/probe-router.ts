// A small contract and router that exercise every generic feature of the REST shim and the tRPC
// dispatch.
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import { AppError, createTRPCRouter, defineOperation, procedure } from '@coditect/api';

const echoInput = z.strictObject({
  n: z.number().int(),
  tags: z.array(z.string()).optional(),
  flag: z.boolean().optional(),
  name: z.string().optional(),
});
const anything = z.unknown();

export const probeContract = {
  probe: {
    echo: defineOperation({
      type: 'query',
      input: echoInput,
      output: echoInput,
      meta: { access: 'public', summary: 'echo', rest: { method: 'GET', path: '/probe/echo' } },
    }),
    special: defineOperation({
      type: 'query',
      input: undefined,
      output: z.object({ special: z.boolean() }),
      meta: { access: 'public', summary: 'static beats :param', rest: { method: 'GET', path: '/probe/items/special' } },
    }),
    item: defineOperation({
      type: 'query',
      input: z.strictObject({ item_id: z.uuid() }),
      output: z.object({ item_id: z.uuid(), version: z.number() }),
      meta: { access: 'public', summary: 'item', rest: { method: 'GET', path: '/probe/items/:item_id', etagField: 'version' } },
    }),
    create: defineOperation({
      type: 'mutation',
      input: z.strictObject({ first_name: z.string().min(1), workspace_path: z.string().optional() }),
      output: z.object({ first_name: z.string(), workspace_path: z.string().nullable() }),
      meta: { access: 'public', summary: 'create', rest: { method: 'POST', path: '/probe/items', successStatus: 201 } },
    }),
    update: defineOperation({
      type: 'mutation',
      input: z.strictObject({ item_id: z.uuid(), expected_version: z.number().int().optional(), label: z.string() }),
      output: anything,
      meta: {
        access: 'public',
        summary: 'update',
        rest: { method: 'PUT', path: '/probe/items/:item_id', headerInputs: { 'if-match': 'expected_version' } },
      },
    }),
    remove: defineOperation({
      type: 'mutation',
      input: z.strictObject({ item_id: z.uuid() }),
      output: z.object({ message: z.string() }),
      meta: {
        access: 'public',
        summary: 'remove',
        rest: { method: 'DELETE', path: '/probe/items/:item_id', envelope: 'message' },
      },
    }),
    conflict: defineOperation({
      type: 'mutation',
      input: undefined,
      output: anything,
      meta: {
        access: 'public',
        summary: 'domain error',
        errors: ['CONFLICT'],
        rest: { method: 'POST', path: '/probe/conflict' },
      },
    }),
    limited: defineOperation({
      type: 'query',
      input: undefined,
      output: anything,
      meta: { access: 'public', summary: 'rate limited', rest: { method: 'GET', path: '/probe/limited' } },
    }),
    crash: defineOperation({
      type: 'query',
      input: undefined,
      output: z.string(),
      meta: { access: 'public', summary: 'bug', rest: { method: 'GET', path: '/probe/crash' } },
    }),
    badOutput: defineOperation({
      type: 'query',
      input: undefined,
      output: z.object({ count: z.number() }),
      meta: { access: 'public', summary: 'output contract broken', rest: { method: 'GET', path: '/probe/bad-output' } },
    }),
    slow: defineOperation({
      type: 'query',
      input: z.strictObject({ ms: z.number().int().min(0).max(5000) }),
      output: z.object({ waited: z.number() }),
      meta: { access: 'public', summary: 'slow', rest: { method: 'GET', path: '/probe/slow' } },
    }),
  },
};

const ops = probeContract.probe;

/** `slow-started` when /probe/slow begins: a test knows its request is in flight (not merely sent). */
export const probeEvents = new EventEmitter();

export const probeRouter = createTRPCRouter({
  probe: {
    echo: procedure(ops.echo).query(({ input }) => input),
    special: procedure(ops.special).query(() => ({ special: true })),
    item: procedure(ops.item).query(({ input }) => ({ item_id: input.item_id, version: 7 })),
    create: procedure(ops.create).mutation(({ input }) => ({
      first_name: input.first_name,
      workspace_path: input.workspace_path ?? null,
    })),
    update: procedure(ops.update).mutation(({ input }) => input),
    remove: procedure(ops.remove).mutation(() => ({ message: 'Item deleted successfully' })),
    conflict: procedure(ops.conflict).mutation(() => {
      throw new AppError('CONFLICT', 'Stale version', { current_version: 4 });
    }),
    limited: procedure(ops.limited).query(() => {
      throw new AppError('RATE_LIMIT_EXCEEDED', 'Rate limit exceeded. Try again in 3 seconds.', undefined, 3);
    }),
    crash: procedure(ops.crash).query((): string => {
      throw new Error('secret internal detail at /srv/db');
    }),
    badOutput: procedure(ops.badOutput).query(() => ({ count: 'many' }) as unknown as { count: number }),
    slow: procedure(ops.slow).query(async ({ input }) => {
      probeEvents.emit('slow-started');
      await new Promise((resolve) => setTimeout(resolve, input.ms));
      return { waited: input.ms };
    }),
  },
});

export type ProbeRouter = typeof probeRouter;
