import type { TRPCRouterRecord } from '@trpc/server';
import { chat } from './chat';
import { models } from './models';
import { providers } from './providers';
import { createProvider } from './create-provider';
import { updateProvider } from './update-provider';
import { deleteProvider } from './delete-provider';

export const llmRouter = { models, chat, providers, createProvider, updateProvider, deleteProvider } satisfies TRPCRouterRecord;
