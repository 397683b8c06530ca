// Password-strength estimates on a worker thread, so a slow estimate (hundreds of milliseconds on
// some long inputs) never holds up other requests. One worker, started at first use, replaced if
// it dies; an estimate that does not come back in time fails the registration with 503 rather
// than letting a password through unchecked.
import { Worker } from 'node:worker_threads';
import { AppError, type PasswordStrength, type PasswordStrengthChecker } from '@coditect/api';

const TIMEOUT_MS = 10_000;

interface Pending {
  resolve(strength: PasswordStrength): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export interface PasswordStrengthThread extends PasswordStrengthChecker {
  close(): Promise<void>;
}

/**
 * `script`: the worker module — the bundle's `password-strength-worker.mjs` beside `main.mjs`, or
 * the TypeScript source when the server runs from source (then the worker registers tsx itself:
 * Node 20 does not carry `--import tsx`'s loader into worker threads).
 */
export function startPasswordStrengthThread(script: URL): PasswordStrengthThread {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, Pending>();

  const failAll = (error: Error) => {
    for (const entry of pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(error);
    }
    pending.clear();
  };

  const workerOf = (): Worker => {
    if (worker) return worker;
    const started = script.pathname.endsWith('.ts')
      ? new Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script.href)}); });`,
          {
            eval: true,
          },
        )
      : new Worker(script);
    started.unref();
    started.on('message', (message: { id: number; score?: number; warning?: string | null; error?: string }) => {
      const entry = pending.get(message.id);
      if (!entry) return;
      pending.delete(message.id);
      clearTimeout(entry.timer);
      if (message.error !== undefined) entry.reject(new Error(message.error));
      else entry.resolve({ score: message.score!, warning: message.warning ?? null });
    });
    started.on('error', (error) => {
      worker = undefined;
      failAll(error);
    });
    started.on('exit', () => {
      if (worker === started) worker = undefined;
      failAll(new Error('the password-strength worker exited'));
    });
    worker = started;
    return started;
  };

  return {
    estimate(password, userInputs) {
      return new Promise<PasswordStrength>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(
            new AppError('SERVICE_UNAVAILABLE', 'Could not check the password just now; try again in a moment', undefined, 1),
          );
        }, TIMEOUT_MS);
        pending.set(id, { resolve, reject, timer });
        workerOf().postMessage({ id, password, userInputs: [...userInputs] });
      }).catch((error: unknown) => {
        if (error instanceof AppError) throw error;
        throw new AppError('SERVICE_UNAVAILABLE', 'Could not check the password just now; try again in a moment', undefined, 1);
      });
    },
    async close() {
      const running = worker;
      worker = undefined;
      await running?.terminate();
    },
  };
}
