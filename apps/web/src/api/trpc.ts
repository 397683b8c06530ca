// The typed React Query hooks over the server's router. Only the router's *type* is imported.
import { createTRPCReact } from '@trpc/react-query';
import type { AppRouter } from '@coditect/api';

export const trpc = createTRPCReact<AppRouter>();
