export { appRouter, type AppRouter } from './root';
export {
  createCallerFactory,
  createTRPCRouter,
  publicProcedure,
  type ApiContext,
  type ApiDependencies,
  type DependencyStatus,
  type RequestInfo,
} from './trpc';
export { AppError } from './errors/app-error';
export { errorBody, toAppError } from './errors/error-classification';
export * from './contract';
