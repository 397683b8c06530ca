export * from './kv-store';
export * from './store-errors';
export * from './subspace';
export { openStore, type StoreConfig } from './open-store';
export * from './scoped-transaction';
export { StoreStats } from './store-stats';
