// A resource shared by one test file: started before its first test, stopped after its last, and
// usable where it is declared — the returned object forwards every read and write to the resource
// once it exists (so `provider.mode = 'x'` reaches the running fake, not a copy).
import { afterAll, beforeAll } from 'vitest';

export function useFileResource<T extends object>(start: () => Promise<T>, stop: (resource: T) => Promise<unknown>): T {
  let current: T | undefined;
  beforeAll(async () => {
    current = await start();
  });
  afterAll(async () => {
    if (current) await stop(current);
  });
  const target = (): T => {
    if (!current) throw new Error('The file resource is used before its beforeAll ran (use it inside a test or hook)');
    return current;
  };
  return new Proxy({} as T, {
    get: (_, key) => {
      const value = Reflect.get(target(), key) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target()) : value;
    },
    set: (_, key, value) => Reflect.set(target(), key, value),
    has: (_, key) => Reflect.has(target(), key),
  });
}
